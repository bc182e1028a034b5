import { LANGUAGES, type Language } from '../access/roles.js';

/**
 * Canned replies (issue 16): texts staff insert into a reply or note, shared with a department or kept personal,
 * written in English, Simplified Chinese or both, with placeholders the server fills from the case.
 */

/** The placeholders a canned reply may use, written `{{name}}` in its text. */
export const CANNED_REPLY_PLACEHOLDERS = ['customer', 'contact', 'caseNumber', 'level', 'engineer', 'hotline'] as const;
export type CannedReplyPlaceholder = (typeof CANNED_REPLY_PLACEHOLDERS)[number];

export const CANNED_REPLY_LIMITS = { title: 200, body: 20_000 } as const;

/** Shared with everyone of one department, or the author's own. */
export type CannedReplyScope = { kind: 'department'; departmentId: string } | { kind: 'personal'; ownerId: string };

/** One text per language; an empty string means the reply is not written in that language. */
export type CannedReplyBodies = Record<Language, string>;

export interface CannedReply {
  id: string;
  title: string;
  body: CannedReplyBodies;
  scope: CannedReplyScope;
}

/** `{{customer}}`, also written with spaces inside the braces (`{{ customer }}`). */
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

function isPlaceholder(name: string): name is CannedReplyPlaceholder {
  return (CANNED_REPLY_PLACEHOLDERS as readonly string[]).includes(name);
}

/** The names inside `{{…}}` that are not placeholders, in order of appearance, each once. */
export function unknownPlaceholders(text: string): string[] {
  const names = [...text.matchAll(PLACEHOLDER)].map((match) => match[1]!);
  return [...new Set(names.filter((name) => !isPlaceholder(name)))];
}

export type CannedReplyFault =
  | { field: 'title'; reason: 'empty' }
  | { field: 'body'; reason: 'empty' }
  | { field: `body.${Language}`; reason: 'unknown-placeholder'; placeholder: string };

/**
 * What is wrong with a reply about to be saved, or null. At least one language must be written. A `{{name}}` that
 * is no placeholder is refused here rather than left in the text: a misspelt `{{custmer}}` would otherwise reach
 * a customer word for word, and the author is the one who can correct it.
 */
export function checkCannedReply(draft: { title: string; body: CannedReplyBodies }): CannedReplyFault | null {
  if (!draft.title.trim()) return { field: 'title', reason: 'empty' };
  if (LANGUAGES.every((language) => !draft.body[language].trim())) return { field: 'body', reason: 'empty' };
  for (const language of LANGUAGES) {
    const [placeholder] = unknownPlaceholders(draft.body[language]);
    if (placeholder !== undefined) return { field: `body.${language}`, reason: 'unknown-placeholder', placeholder };
  }
  return null;
}

/** The text in the language asked for, or in the other one when the reply is not written in it. */
export function bodyIn(body: CannedReplyBodies, language: Language): { language: Language; text: string } {
  if (body[language].trim()) return { language, text: body[language] };
  const other = LANGUAGES.find((candidate) => candidate !== language && body[candidate].trim()) ?? language;
  return { language: other, text: body[other] };
}

export type PlaceholderValues = Record<CannedReplyPlaceholder, string | null>;

/**
 * Fills the placeholders. One without a value (no contact on the case, no hotline number set) stays visible as
 * `{{name}}` and is named in `missing`, so the writer sees the gap before sending instead of a sentence with a hole.
 */
export function fillPlaceholders(text: string, values: PlaceholderValues): { text: string; missing: CannedReplyPlaceholder[] } {
  const missing = new Set<CannedReplyPlaceholder>();
  const filled = text.replace(PLACEHOLDER, (whole, name: string) => {
    if (!isPlaceholder(name)) return whole;
    const value = values[name];
    if (value === null || value === '') {
      missing.add(name);
      return whole;
    }
    return value;
  });
  return { text: filled, missing: [...missing] };
}

/**
 * The order a picker offers replies in on a case: the case department's shared replies first, then the reader's
 * own, then other departments' shared ones; by title within each.
 */
export function rankCannedReplies<T extends { title: string; scope: CannedReplyScope }>(
  replies: readonly T[],
  departmentId: string | null,
): T[] {
  const rank = (reply: T) =>
    reply.scope.kind === 'department' ? (departmentId !== null && reply.scope.departmentId === departmentId ? 0 : 2) : 1;
  return [...replies].sort((a, b) => rank(a) - rank(b) || a.title.localeCompare(b.title));
}
