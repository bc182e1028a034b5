import { describeChineseWalk } from './support/chinese-walk.js';

// Every route in Chinese for every role but the admin, the phone-width pages and the signed-out pages; the admin's
// walk is chinese-everywhere-admin.test.ts.
describeChineseWalk('others');
