import { escapeRegExp, searchTerms } from '../search/search-text.js';

/**
 * Similar cases (issue #15, SPEC §6 "a new case shows similar past cases of the same customer, product model and
 * serial number"): why an earlier case counts as similar, which words of a title are compared, and the order the
 * look-up answers in. Pure rules; the look-up itself is `src/services/cases/find-similar-cases.ts`.
 */

/**
 * Why a case was found, strongest first: the same product (serial number, any customer the actor may see), another
 * product of the same model at the same customer, a title or description with the same words, another product at
 * the same site of the customer.
 */
export const SIMILAR_REASONS = ['serial', 'model', 'text', 'site'] as const;
export type SimilarReason = (typeof SIMILAR_REASONS)[number];

/** How much each reason counts towards a case's rank: one serial match outweighs every other reason together. */
export const REASON_WEIGHTS: Record<SimilarReason, number> = { serial: 8, model: 4, text: 2, site: 1 };

/** At most this many words of a title are compared: each is one index look-up. */
export const MAX_SIMILARITY_TERMS = 6;
/** Shortest word compared: the trigram indexes find nothing shorter, and shorter words are mostly noise. */
const MIN_TERM_LENGTH = 3;
/** A run of Chinese characters longer than this is compared in overlapping pieces of {@link CJK_PIECE} characters. */
const CJK_WHOLE = 4;
const CJK_PIECE = 3;

/** English words too common to say anything about a fault. */
const STOP_WORDS = new Set([
  'the',
  'and',
  'for',
  'not',
  'with',
  'from',
  'this',
  'that',
  'are',
  'was',
  'were',
  'has',
  'have',
  'had',
  'after',
  'when',
  'our',
  'can',
  'cannot',
  'does',
  'doesn',
  "doesn't",
  "can't",
  'its',
  'all',
  'any',
  'but',
  'out',
  'into',
  'since',
  'there',
  'again',
  'please',
  'issue',
  'problem',
]);

const CJK_RUN = /[\p{Script=Han}]+/gu;

/** Overlapping pieces of a long run of Chinese characters, at most five of them, spread over the run. */
function piecesOf(run: string): string[] {
  const characters = Array.from(run);
  if (characters.length <= CJK_WHOLE) return [run];
  const last = characters.length - CJK_PIECE;
  const step = Math.max(1, Math.ceil(last / 4));
  const pieces: string[] = [];
  for (let start = 0; start < last + step; start += step) {
    const from = Math.min(start, last);
    pieces.push(characters.slice(from, from + CJK_PIECE).join(''));
  }
  return [...new Set(pieces)];
}

/**
 * The words of a title (or, without one, of a description) that another case's title or description is compared
 * with: the search's terms (split at white space), without short and common words; a run of Chinese characters,
 * which has no spaces, is cut into overlapping three-character pieces (`核心交换机端口故障` → `核心交`, `心交换`, …), so
 * `交换机端口坏了` and `核心交换机端口故障` share `交换机`.
 */
export function similarityTerms(title: string, description = ''): string[] {
  const source = searchTerms(title).length > 0 ? title : description;
  const terms: string[] = [];
  for (const term of searchTerms(source)) {
    const runs = term.match(CJK_RUN) ?? [];
    const rest = term.replace(CJK_RUN, ' ').trim();
    const words = [...runs.flatMap(piecesOf), ...rest.split(/\s+/)];
    for (const word of words) {
      const plain = word.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
      if (Array.from(plain).length < MIN_TERM_LENGTH || STOP_WORDS.has(plain.toLowerCase())) continue;
      if (!terms.some((known) => known.toLowerCase() === plain.toLowerCase())) terms.push(plain);
    }
  }
  return terms.slice(0, MAX_SIMILARITY_TERMS);
}

/**
 * Whether a text found by the index (which matches any substring) holds the term as a word: a term starting with a
 * letter or digit must start a word (`port` is in "ports", not in "Reported"); Chinese has no word boundaries, so
 * a piece of Chinese counts wherever it is.
 */
export function holdsTerm(text: string, term: string): boolean {
  const folded = text.normalize('NFKC');
  const start = /^[\p{L}\p{N}]/u.test(term) && !/^\p{Script=Han}/u.test(term) ? '(?<![\\p{L}\\p{N}])' : '';
  return new RegExp(`${start}${escapeRegExp(term)}`, 'iu').test(folded);
}

/** A case's text is similar when it holds at least half of the words compared (one, when there is one). */
export function isTextSimilar(termsFound: number, termsCompared: number): boolean {
  return termsCompared > 0 && termsFound >= Math.max(1, Math.ceil(termsCompared / 2));
}

export interface SimilarCandidate {
  id: string;
  reasons: readonly SimilarReason[];
  open: boolean;
  receivedAt: string;
}

export function reasonScore(reasons: readonly SimilarReason[]): number {
  return reasons.reduce((sum, reason) => sum + REASON_WEIGHTS[reason], 0);
}

/** Reasons in the order of {@link SIMILAR_REASONS}, each once. */
export function orderedReasons(reasons: Iterable<SimilarReason>): SimilarReason[] {
  const set = new Set(reasons);
  return SIMILAR_REASONS.filter((reason) => set.has(reason));
}

/**
 * The order of the answer: open cases first (a call about a case still open is a note on it, not a new case), then
 * the stronger reasons, then the newest. At most `limit`.
 */
export function rankSimilarCases<T extends SimilarCandidate>(candidates: readonly T[], limit: number): T[] {
  return [...candidates]
    .sort(
      (a, b) =>
        Number(b.open) - Number(a.open) ||
        reasonScore(b.reasons) - reasonScore(a.reasons) ||
        (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0) ||
        (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    )
    .slice(0, limit);
}
