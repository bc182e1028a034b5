import { describeChineseWalk } from './support/chinese-walk.js';

// The admin's walk of every route in Chinese; the other roles' are chinese-everywhere.test.ts.
describeChineseWalk('admin');
