import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Finding a person in free text (descriptions, messages, mail, search rows) to pseudonymise them. People write a
 * name, an address or a number the way they like, so each is matched as a pattern, not as the stored string:
 *
 * - a name without regard to case or spacing (`zhang wei`, `ZHANG  Wei`, `ZhangWei` for `Zhang Wei`), whole words
 *   only for Latin script; a Chinese name character by character, spaces or none between (`张伟`, `张 伟`);
 * - an e-mail address without regard to case;
 * - a phone number by its digits, whatever stands between them (spaces, dashes, dots, brackets), with or without its
 *   country code (`+86`, `0086`, `86`) or the national trunk prefix (`021-…`, `+44 (0)20 …`).
 *
 * A pattern never starts or ends inside a longer word or number. In JSON texts an escape (`\n`) before a name does
 * not count as a letter of it.
 *
 * Chinese is written without spaces, so a Chinese name has no word boundary to stop at: `联系人张伟，电话…` and
 * `客户张伟来电` name 张伟 with Han characters on both sides, and a rule that wanted a non-Han neighbour would leave
 * the person named in most Chinese texts. Yet 张伟明 is somebody else. Which Han characters around a name make
 * another name cannot be read off the text, but CaseDesk knows its people: where the text names another contact or
 * user whose name holds this one (`张伟明`, `李张伟`), that name is left as it is (`otherNames`); everywhere else the
 * name is replaced, whether it stands alone or amid other words.
 */

export interface PersonalValues {
  names: string[];
  emails: string[];
  /** As stored: E.164 (`+862155550199`), or as typed when it was no valid number. */
  phones: string[];
  /**
   * Names of other people (contacts, users) that hold one of `names` (`张伟明` for `张伟`): where a text names one of
   * them, that is the other person, and the text is left as it is.
   */
  otherNames?: string[];
}

export interface PersonalTextScrubber {
  /** The text with every occurrence replaced (e-mail addresses by `[pseudonym]`, names by the pseudonym, numbers by `[—]`). */
  scrub(text: string): string;
  /**
   * Lower-case pieces at least one of which every occurrence contains as written: a cheap first filter for a store
   * that cannot run the patterns itself. Empty when there is nothing to look for.
   */
  anchors: string[];
}

const HAN = /\p{Script=Han}/u;
/** Not a letter or digit, save one that belongs to a JSON or C escape (`\n`, `\t`). */
const WORD_START = String.raw`(?<!(?<!\\)[\p{L}\p{N}])`;
const WORD_END = String.raw`(?![\p{L}\p{N}])`;
const NAME_GAP = String.raw`[\s\u00a0\u3000]*`;
const PHONE_GAP = String.raw`[\s\u00a0\-.()/]*`;

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface NamePattern {
  source: string;
  anchor: string;
}

/** Units of a name: each Han character, each run of other letters; spaces between them are free. */
export function namePattern(name: string): NamePattern | null {
  const units = name.normalize('NFC').match(/\p{Script=Han}|[^\s\p{Script=Han}]+/gu) ?? [];
  const letters = units.join('').length;
  const han = units.every((unit) => HAN.test(unit));
  // Shorter than this, a name is a common word or syllable: replacing it everywhere would garble the texts.
  if (letters < (han ? 2 : 3)) return null;
  const first = units[0]!;
  const last = units[units.length - 1]!;
  const body = units.map(escaped).join(NAME_GAP);
  const source = `${HAN.test(first) ? '' : WORD_START}${body}${HAN.test(last) ? '' : WORD_END}`;
  const anchor = units.reduce((longest, unit) => (unit.length > longest.length ? unit : longest), '').toLowerCase();
  return { source, anchor };
}

export function emailPattern(email: string): NamePattern | null {
  const trimmed = email.trim();
  if (!trimmed.includes('@')) return null;
  return {
    source: String.raw`(?<![\p{L}\p{N}._%+\-])${escaped(trimmed)}(?![\p{L}\p{N}\-]|\.[\p{L}\p{N}])`,
    anchor: trimmed.toLowerCase(),
  };
}

/** The digits of a number however it is written: country code and trunk prefix optional, any separators between. */
export function phonePattern(stored: string): NamePattern | null {
  const parsed = stored.trim().startsWith('+') ? parsePhoneNumberFromString(stored.trim()) : undefined;
  const national = parsed ? String(parsed.nationalNumber) : stored.replace(/\D/g, '');
  if (national.length < 6) return null;
  const digits = [...national].join(PHONE_GAP);
  const prefix = parsed
    ? `(?:(?:(?:\\+|00)${PHONE_GAP})?${parsed.countryCallingCode}${PHONE_GAP}(?:0${PHONE_GAP})?|0${PHONE_GAP})?`
    : `(?:0${PHONE_GAP})?`;
  return { source: `(?<![\\d+])\\(?${prefix}${digits}(?!\\d)`, anchor: national.slice(-4) };
}

/** A name as compared with another: its letters in lower case, without the spaces people put between them. */
const spelling = (name: string) =>
  name
    .normalize('NFC')
    .replace(/[\s\u00a0\u3000]+/g, '')
    .toLowerCase();

/**
 * The other people's names that hold one of the person's names as the text would find it (`张伟明`, `李张伟`, `Anna
 * Lee Smith` for `Anna Lee`), longest first; a name spelt the same as the person's is theirs as far as a text can
 * tell, so it is not among them.
 */
export function namesHolding(names: string[], otherNames: string[]): NamePattern[] {
  const own = names.map(namePattern).filter((pattern): pattern is NamePattern => pattern !== null);
  if (own.length === 0) return [];
  const finder = new RegExp(own.map((pattern) => `(?:${pattern.source})`).join('|'), 'iu');
  const spellings = new Set(names.map(spelling));
  return [...new Set(otherNames.map((name) => name.normalize('NFC').trim()))]
    .filter((other) => !spellings.has(spelling(other)) && finder.test(other))
    .map(namePattern)
    .filter((pattern): pattern is NamePattern => pattern !== null)
    .sort((a, b) => b.source.length - a.source.length);
}

export function personalTextScrubber(values: PersonalValues, pseudonym: string): PersonalTextScrubber {
  const longestFirst = (patterns: (NamePattern | null)[]) =>
    patterns.filter((pattern): pattern is NamePattern => pattern !== null).sort((a, b) => b.source.length - a.source.length);
  const emails = longestFirst(values.emails.map(emailPattern));
  const names = longestFirst(values.names.map(namePattern));
  const phones = longestFirst(values.phones.map(phonePattern));
  const others = namesHolding(values.names, values.otherNames ?? []);
  const alternatives = (patterns: NamePattern[]) => patterns.map((pattern) => `(?:${pattern.source})`).join('|');
  const combined = (patterns: NamePattern[]) => (patterns.length > 0 ? new RegExp(alternatives(patterns), 'giu') : null);
  // Another person's longer name is tried first where a match could start, and kept: the scan then moves past it.
  const namesPattern =
    names.length === 0
      ? null
      : others.length === 0
        ? combined(names)
        : new RegExp(`(?<other>${alternatives(others)})|${alternatives(names)}`, 'giu');
  const replaceNames = (text: string) =>
    namesPattern
      ? text.replace(namesPattern, (match: string, ...rest: unknown[]) => {
          const groups = rest.at(-1) as Record<string, string | undefined> | undefined;
          return groups && typeof groups === 'object' && groups.other !== undefined ? match : pseudonym;
        })
      : text;
  // Addresses first: an address may hold the name (`zhangwei@…`), and is replaced whole.
  const passes: ((text: string) => string)[] = [
    (text) => replaceAll(text, combined(emails), `[${pseudonym}]`),
    replaceNames,
    (text) => replaceAll(text, combined(phones), '[—]'),
  ];
  return {
    scrub: (text) => passes.reduce((result, pass) => pass(result), text),
    anchors: [...new Set([...emails, ...names, ...phones].map((pattern) => pattern.anchor))],
  };
}

function replaceAll(text: string, pattern: RegExp | null, replacement: string): string {
  return pattern ? text.replace(pattern, () => replacement) : text;
}
