import { en } from '../../../web/i18n/en.js';
import { zhCN } from '../../../web/i18n/zh-CN.js';

/**
 * What gives away an untranslated Chinese screen: English words of the web catalogue (where the Chinese text is
 * different), the everyday words of any form or table, and antd's own English (pagination, date pickers, empty
 * tables, confirmations). Words the Chinese catalogue itself uses (CaseDesk, API, CSV, …) are allowed.
 */
const COMMON_WORDS = [
  'Save',
  'Cancel',
  'Create',
  'Edit',
  'Delete',
  'Remove',
  'Add',
  'New',
  'Name',
  'Status',
  'Customer',
  'Customers',
  'Contract',
  'Contracts',
  'Product',
  'Products',
  'Site',
  'Sites',
  'Contact',
  'Contacts',
  'Search',
  'Loading',
  'Actions',
  'Action',
  'Close',
  'Submit',
  'Back',
  'Next',
  'Previous',
  'Yes',
  'Confirm',
  'Required',
  'Please',
  'Select',
  'Filter',
  'Reset',
  'Today',
  'Now',
  'Page',
  'Items',
  'Total',
  'Settings',
  'Sign',
  'Level',
  'Case',
  'Cases',
  'Open',
  'Closed',
  'Resolved',
  'Description',
  'Title',
  'Date',
  'Time',
  'Phone',
  'Email',
  'Address',
  'Notes',
  'Details',
  'Upload',
  'Download',
  'Export',
  'Import',
  'Project',
  'Projects',
  'Vendor',
  'Vendors',
  'User',
  'Users',
  'Role',
  'Department',
  'Position',
  'Training',
  'Trainings',
  'Visit',
  'Visits',
  'Survey',
  'Error',
  'Invalid',
  'expected',
  'received',
  'characters',
  'required',
  'must',
  'should',
  'the',
  'and',
  'with',
  'data',
  'this',
  'from',
  'your',
  'you',
  'not',
  'are',
  'for',
  'has',
  'was',
  'ago',
  'minutes',
  'hours',
  'days',
  'January',
  'February',
  'March',
  'April',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
  'Mon',
  'Tue',
  'Wed',
  'Thu',
  'Fri',
  'Sat',
  'Sun',
];
/** Shorter than three letters, so only as whole phrases: antd's confirm button and empty state. */
const COMMON_PHRASES = ['OK', 'No data', 'No Data', 'Go to', '/ page'];

/**
 * Proper nouns and codes that stay as they are in Chinese. Deliberately a list, not every Latin word the Chinese
 * catalogue holds: an English text pasted into zh-CN.ts is exactly what this guard is for.
 */
const ALLOWED = [
  'CaseDesk',
  'API',
  'CSV',
  'PDF',
  'SLA',
  'VIP',
  'SMTP',
  'IMAP',
  'URL',
  'ISO',
  'English',
  'TAC',
  'RMA',
  'JSON',
  'Tab',
  'PNG',
  'JPEG',
  'GIF',
  'ZIP',
  'Markdown',
  // Chinese products name it so too (飞书, 钉钉, 企业微信 all say “Webhook”).
  'Webhook',
];

function leaves(catalogue: unknown, path = ''): Map<string, string> {
  const found = new Map<string, string>();
  if (typeof catalogue === 'string') found.set(path, catalogue);
  else if (catalogue && typeof catalogue === 'object')
    for (const [key, value] of Object.entries(catalogue))
      for (const [p, v] of leaves(value, path ? `${path}.${key}` : key)) found.set(p, v);
  return found;
}

const withoutPlaceholders = (text: string) => text.replace(/\{\{[^}]*\}\}/g, ' ').replace(/<\/?\d+>/g, ' ');
const latinWords = (text: string) => withoutPlaceholders(text).match(/[A-Za-z][A-Za-z’']*[A-Za-z]/g) ?? [];

function buildWordList(): string[] {
  const english = leaves(en);
  const chinese = leaves(zhCN);
  const allowed = new Set(ALLOWED.map((word) => word.toLowerCase()));
  const words = new Set<string>(COMMON_WORDS);
  for (const [key, text] of english) {
    if (chinese.get(key) === text) continue;
    for (const word of latinWords(text)) if (word.length >= 3) words.add(word);
  }
  return [...words].filter((word) => !allowed.has(word.toLowerCase()));
}

const WORDS = buildWordList();
/** Samples a Chinese text quotes as they are typed: `name@example.com`, `npx casedesk user create --role admin`. */
const TYPED_SAMPLES = [...leaves(zhCN).values()]
  .flatMap((text) => withoutPlaceholders(text).match(/[!-~][ -~]*[!-~]/g) ?? [])
  .filter((sample) => /[@/:]|--/.test(sample));
// A word stands alone: not part of an e-mail address, a serial, a path or a longer word.
const WORD_PATTERN = new RegExp(`(?<![\\w@./-])(${WORDS.join('|')})(?![\\w@/-])`, 'gi');
const KEY_PATTERN = new RegExp(`\\b(?:${Object.keys(en).join('|')})\\.[a-z][\\w.]*[A-Za-z]`, 'g');

/**
 * The English a Chinese screen shows: catalogue keys shown as such, and known English words and phrases. Text the
 * API sent (customer names, serials, case titles: data, in whatever language it was typed) is taken out first.
 */
export function englishOnScreen(text: string, data: Iterable<string>): string[] {
  let rest = text;
  for (const value of [...data, ...TYPED_SAMPLES].sort((a, b) => b.length - a.length)) rest = rest.split(value).join('\n');
  const found = new Map<string, string>();
  const note = (match: RegExpExecArray) => {
    const around = rest.slice(Math.max(0, match.index - 30), match.index + match[0].length + 30).replace(/\s+/g, ' ');
    if (!found.has(match[0])) found.set(match[0], `"${match[0]}" in «${around.trim()}»`);
  };
  for (const match of rest.matchAll(KEY_PATTERN)) note(match);
  for (const match of rest.matchAll(WORD_PATTERN)) note(match);
  for (const phrase of COMMON_PHRASES) {
    const match = new RegExp(`(?<![\\w])${phrase.replace(/[/]/g, '\\/')}(?![\\w])`).exec(rest);
    if (match) note(match);
  }
  return [...found.values()];
}

/**
 * The strings of an API answer that count as data. Codes (`resolved`, `manager`, `zh-CN`) are not: a screen that
 * shows one raw has forgotten to translate it.
 */
export function dataStrings(body: unknown, into: Set<string>): void {
  if (typeof body === 'string') {
    const value = body.trim();
    if (value.length >= 2 && !/^[a-z][a-z0-9_.:-]*$/.test(value)) into.add(value);
    return;
  }
  if (Array.isArray(body)) body.forEach((item) => dataStrings(item, into));
  else if (body && typeof body === 'object') Object.values(body).forEach((item) => dataStrings(item, into));
}
