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
