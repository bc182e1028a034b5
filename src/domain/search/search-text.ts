/**
 * What a search query means and how a found text is shown: pure rules shared by every kind of search.
 *
 * A query is split into terms at white space (ASCII or ideographic); `"two words"` is one term. Every term must be
 * found somewhere in a record (AND), as a substring, ignoring case: `交换机` finds `核心交换机端口故障`. Nothing
 * in a term is syntax, so quotes, `*`, `:`, `-` or brackets are searched for as they are.
 */

export const MAX_SEARCH_TERMS = 8;
export const MAX_TERM_LENGTH = 100;

/** The terms of a query, at most {@link MAX_SEARCH_TERMS}, each at most {@link MAX_TERM_LENGTH} characters. */
export function searchTerms(query: string): string[] {
  // NFKC folds full-width Latin letters and digits typed with a Chinese input method into plain ones.
  // eslint-disable-next-line no-control-regex
  const cleaned = query.normalize('NFKC').replace(/[\u0000-\u001f\u007f]/g, ' ');
  const terms: string[] = [];
  const seen = new Set<string>();
  for (const match of cleaned.matchAll(/"([^"]*)"|(\S+)/gu)) {
    // A stray quote (`"abc`) is no phrase: it is left out.
    const raw = match[1] !== undefined ? match[1].trim() : (match[2] ?? '').replace(/^"+|"+$/g, '');
    const term = Array.from(raw).slice(0, MAX_TERM_LENGTH).join('');
    if (term === '' || seen.has(term.toLowerCase())) continue;
    seen.add(term.toLowerCase());
    terms.push(term);
    if (terms.length === MAX_SEARCH_TERMS) break;
  }
  return terms;
}

/** A piece of a found text with the matched terms marked: `[start, end)` in UTF-16 code units of `text`. */
export interface Snippet {
  text: string;
  highlights: { start: number; end: number }[];
}

const CONTEXT_BEFORE = 40;
const SNIPPET_LENGTH = 160;

/** `value` as a regular expression matching itself. */
export function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The part of `text` around its first match, at most about {@link SNIPPET_LENGTH} characters, with `…` where it
 * was cut, and every match of a term in it marked. A text in which no term is found (the database and this rule
 * may fold case differently) is shown from its start, unmarked.
 */
export function snippetOf(text: string, terms: readonly string[]): Snippet {
  const flat = text.replace(/\s+/g, ' ').trim();
  const pattern = terms.length
    ? new RegExp(
        [...terms]
          .sort((a, b) => b.length - a.length)
          .map(escapeRegExp)
          .join('|'),
        'giu',
      )
    : null;
  const first = pattern ? flat.search(pattern) : -1;
  let start = first <= CONTEXT_BEFORE ? 0 : first - CONTEXT_BEFORE;
  // Do not cut a surrogate pair (an emoji) in two.
  if (start > 0 && /[\udc00-\udfff]/.test(flat[start] ?? '')) start -= 1;
  let end = Math.min(flat.length, start + SNIPPET_LENGTH);
  if (end < flat.length && /[\udc00-\udfff]/.test(flat[end] ?? '')) end += 1;
  const prefix = start > 0 ? '…' : '';
  const piece = prefix + flat.slice(start, end) + (end < flat.length ? '…' : '');
  const highlights: Snippet['highlights'] = [];
  if (pattern) {
    const body = flat.slice(start, end);
    for (const match of body.matchAll(pattern)) {
      if (match[0].length === 0) continue;
      const at = prefix.length + (match.index ?? 0);
      highlights.push({ start: at, end: at + match[0].length });
    }
  }
  return { text: piece, highlights };
}

const HAN = /\p{Script=Han}/u;
/** English words too common to say what a text is about. */
const STOP_WORDS = new Set([
  'the',
  'and',
  'for',
  'with',
  'not',
  'can',
  'cannot',
  'was',
  'are',
  'has',
  'have',
  'our',
  'from',
  'this',
  'that',
  'when',
  'after',
  'all',
  'any',
  'but',
  'does',
  'doesn',
  'its',
  'into',
  'please',
]);
export const MAX_SUGGESTION_TERMS = 16;

/**
 * The terms that a draft (a new case's title and description, as typed) is matched by when suggesting articles:
 * any of them is enough and more is better, so unlike {@link searchTerms} the draft is cut up. Words of three or
 * more letters, less a few very common English ones; Chinese, which has no spaces, in overlapping runs of three
 * characters (the trigram the indexes know), a shorter run as it is: `核心交换机故障` gives `核心交`, `心交换`,
 * `交换机`, `换机故`, `机故障`.
 */
export function suggestionTerms(draft: string): string[] {
  const terms = new Set<string>();
  const add = (term: string) => {
    if (terms.size < MAX_SUGGESTION_TERMS) terms.add(term);
  };
  for (const token of draft
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)) {
    for (const run of token.match(/\p{Script=Han}+|[^\p{Script=Han}]+/gu) ?? []) {
      const characters = Array.from(run);
      if (!HAN.test(run)) {
        if (characters.length >= 3 && !STOP_WORDS.has(run)) add(run);
      } else if (characters.length <= 3) {
        if (characters.length >= 2) add(run);
      } else for (let start = 0; start + 3 <= characters.length; start++) add(characters.slice(start, start + 3).join(''));
    }
  }
  return [...terms];
}
