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
 */

export interface PersonalValues {
  names: string[];
  emails: string[];
  /** As stored: E.164 (`+862155550199`), or as typed when it was no valid number. */
  phones: string[];
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

export function personalTextScrubber(values: PersonalValues, pseudonym: string): PersonalTextScrubber {
  const longestFirst = (patterns: (NamePattern | null)[]) =>
    patterns.filter((pattern): pattern is NamePattern => pattern !== null).sort((a, b) => b.source.length - a.source.length);
  const emails = longestFirst(values.emails.map(emailPattern));
  const names = longestFirst(values.names.map(namePattern));
  const phones = longestFirst(values.phones.map(phonePattern));
  const combined = (patterns: NamePattern[]) =>
    patterns.length > 0 ? new RegExp(patterns.map((pattern) => `(?:${pattern.source})`).join('|'), 'giu') : null;
  // Addresses first: an address may hold the name (`zhangwei@…`), and is replaced whole.
  const passes: [RegExp | null, string][] = [
    [combined(emails), `[${pseudonym}]`],
    [combined(names), pseudonym],
    [combined(phones), '[—]'],
  ];
  return {
    scrub: (text) =>
      passes.reduce((result, [pattern, replacement]) => (pattern ? result.replace(pattern, () => replacement) : result), text),
    anchors: [...new Set([...emails, ...names, ...phones].map((pattern) => pattern.anchor))],
  };
}
