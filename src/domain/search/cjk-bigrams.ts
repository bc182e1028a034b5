/**
 * The CJK character bigrams of a text: what the bigram index of the search texts holds, so that a two-character
 * Chinese, Japanese or Korean term (`端口`, `耗尽`), which has no trigram, is still answered from an index.
 *
 * A run is a stretch of consecutive CJK characters; anything else (a space, a Latin letter, a digit, punctuation,
 * ideographic punctuation such as `，` or `。`, an emoji) ends it. The bigrams are the pairs of neighbouring characters
 * within a run, so `端口 故障` holds `端口` and `故障` but not `口故`, exactly as a substring test finds them (a
 * two-character term made of CJK characters is a substring of a text if and only if it is a bigram of one of its runs).
 *
 * CJK characters here (all in the Basic Multilingual Plane; none is punctuation or space, so a bigram is one token
 * to SQLite's `unicode61` tokenizer):
 * - Han: CJK Unified Ideographs U+4E00–U+9FFF, Extension A U+3400–U+4DBF, Compatibility Ideographs U+F900–U+FAFF,
 *   the iteration mark 々 U+3005 and the ideographic zero 〇 U+3007;
 * - kana: Hiragana U+3041–U+3096 and U+309D–U+309F, Katakana U+30A1–U+30FA and U+30FC–U+30FF (not the middle dot
 *   ・ U+30FB nor the double hyphen ゠ U+30A0, which are punctuation), Katakana extensions U+31F0–U+31FF;
 * - hangul syllables U+AC00–U+D7A3.
 * Han extensions B and later (outside the BMP) are not included: a term holding one is matched by a scan.
 *
 * PostgreSQL's `casedesk_cjk_bigrams(text)` (migration 0064) uses the same ranges; a test checks they agree.
 */

/** The ranges above as a character class body, shared by the JavaScript and the PostgreSQL expressions. */
export const CJK_RANGES: readonly (readonly [number, number])[] = [
  [0x3005, 0x3005],
  [0x3007, 0x3007],
  [0x3041, 0x3096],
  [0x309d, 0x309f],
  [0x30a1, 0x30fa],
  [0x30fc, 0x30ff],
  [0x31f0, 0x31ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
];

const hex = (code: number) => code.toString(16).padStart(4, '0');

/** The ranges as a regular-expression character class, `[\u3005\u3007\u3041-\u3096…]` (JavaScript and PostgreSQL). */
export const CJK_CLASS = `[${CJK_RANGES.map(([from, to]) => (from === to ? `\\u${hex(from)}` : `\\u${hex(from)}-\\u${hex(to)}`)).join('')}]`;

const RUNS = new RegExp(`${CJK_CLASS}{2,}`, 'g');
const ONE = new RegExp(`^${CJK_CLASS}$`);

/** Whether `character` (one code point) is a CJK character of the ranges above. */
export function isCjkCharacter(character: string): boolean {
  return ONE.test(character);
}

/** The distinct bigrams of the CJK runs of `text`, in the order they first appear. */
export function cjkBigrams(text: string): string[] {
  const found = new Set<string>();
  // Every character of the ranges is one UTF-16 unit, so a run can be indexed by units.
  for (const match of text.matchAll(RUNS)) {
    const run = match[0];
    for (let index = 0; index + 1 < run.length; index += 1) found.add(run.slice(index, index + 2));
  }
  return [...found];
}

/** Whether a search term is answered from the bigram index: exactly two characters, both CJK. */
export function isCjkBigram(term: string): boolean {
  return term.length === 2 && isCjkCharacter(term[0]!) && isCjkCharacter(term[1]!);
}
