/**
 * How cases are numbered: `C-<year>-<sequence>`, the sequence gap-free within the year and zero-padded to six digits
 * (a seventh appears only after the millionth case of a year). Storage takes the sequence from the year's counter
 * and writes the number with the case; this is the only place that knows what a number looks like.
 */
export const CASE_NUMBER_DIGITS = 6;

export function caseNumberPrefix(year: number): string {
  return `C-${year}-`;
}

export function caseNumber(year: number, sequence: number): string {
  return `${caseNumberPrefix(year)}${String(sequence).padStart(CASE_NUMBER_DIGITS, '0')}`;
}

/**
 * Stands for a case's number in text prepared before the number exists (the acknowledgement mail is rendered before
 * the case is written, the number is taken on write): storage puts the number in its place as it writes the case.
 * Private-use characters, so no text a person types or a template writes contains it by chance.
 */
export const CASE_NUMBER_PLACEHOLDER = '\uE000case-number\uE000';

/** `text` with the case's number where `CASE_NUMBER_PLACEHOLDER` stood. */
export function withCaseNumber(text: string, number: string): string {
  return text.replaceAll(CASE_NUMBER_PLACEHOLDER, number);
}
