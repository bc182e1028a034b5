import { z } from 'zod';
import type { Language } from '../domain/access/roles.js';
import { hasText, translate } from './translate.js';

/**
 * A text kept to be worded later, in whichever language its reader uses then: a catalogue key and its values, each a
 * plain value or worded itself. Stored as JSON (an in-app notification's `wording_json`), so it holds data only.
 */
export interface Wording {
  key: string;
  values?: { [name: string]: Wordable };
}
/** Parts worded one by one and joined (a list of scores). */
export interface JoinedWords {
  join: Wordable[];
  separator: string;
}
/** A number written as the language writes decimals (one digit after the point at most). */
export interface DecimalWord {
  decimal: number;
}
export type Wordable = string | number | Wording | JoinedWords | DecimalWord;

export function words(key: string, values?: Wording['values']): Wording {
  return values ? { key, values } : { key };
}

export function joinedWords(parts: Wordable[], separator: string): JoinedWords {
  return { join: parts, separator };
}

export function decimalWord(value: number): DecimalWord {
  return { decimal: value };
}

/** The text in this language. */
export function wordIn(language: Language, text: Wordable): string {
  if (typeof text === 'string') return text;
  if (typeof text === 'number') return String(text);
  if ('decimal' in text) return text.decimal.toLocaleString(language, { maximumFractionDigits: 1 });
  if ('join' in text) return text.join.map((part) => wordIn(language, part)).join(text.separator);
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(text.values ?? {})) values[name] = wordIn(language, value);
  return translate(language, text.key, values);
}

const wordable: z.ZodType<Wordable> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.object({ decimal: z.number() }).strict(),
    z.object({ join: z.array(wordable), separator: z.string() }).strict(),
    z.object({ key: z.string(), values: z.record(z.string(), wordable).optional() }).strict(),
  ]),
);

/** Whether every key of the text is in the catalogue (a text stored by an older release may name a key since gone). */
function knownWords(text: Wordable): boolean {
  if (typeof text === 'string' || typeof text === 'number' || 'decimal' in text) return true;
  if ('join' in text) return text.join.every(knownWords);
  return hasText(text.key) && Object.values(text.values ?? {}).every(knownWords);
}

const shapes = new Map<string, z.ZodType<Record<string, Wordable>>>();

function shapeOf(parts: readonly string[]): z.ZodType<Record<string, Wordable>> {
  const key = parts.join('\u0000');
  let shape = shapes.get(key);
  if (!shape) {
    shape = z.object(Object.fromEntries(parts.map((part) => [part, wordable])));
    shapes.set(key, shape);
  }
  return shape;
}

/**
 * Stored texts read back: the named parts, or null when the JSON is missing, not of this shape, or names a key the
 * catalogue no longer has, so the caller shows what was written instead.
 */
export function storedWording<Part extends string>(json: string | null, parts: readonly Part[]): Record<Part, Wordable> | null {
  if (json === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return null;
  }
  const result = shapeOf(parts).safeParse(parsed);
  if (!result.success) return null;
  const stored = result.data as Record<Part, Wordable>;
  return parts.every((part) => knownWords(stored[part])) ? stored : null;
}
