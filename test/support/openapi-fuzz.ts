/**
 * Malformed requests built from the OpenAPI document: for each operation, a plausible request drawn from its own
 * schemas, then that request broken one way at a time (wrong types, missing and extra fields, NUL characters, huge
 * strings, deep nesting, bad ids, bad query values). A seeded generator picks among the variants, so a run is
 * repeatable and a failure can be replayed.
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  nullable?: boolean;
  default?: unknown;
}

export interface OpenApiParameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiOperation {
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
}

/** mulberry32: small, fast and the same on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Several distinct items, in a seeded order. */
export function pickSome<T>(random: () => number, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const chosen: T[] = [];
  while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return chosen;
}

/** Ids of real records, chosen by the name of the field that carries them (`organizationId` → an organisation). */
export type IdsByKind = Record<string, string>;

function idFor(name: string, ids: IdsByKind): string {
  const lower = name.toLowerCase();
  for (const [kind, id] of Object.entries(ids)) if (lower.startsWith(kind.toLowerCase())) return id;
  return ids.default ?? 'fuzz-missing-id';
}

/** A plausible value for a schema; ids of real records where the field names one. */
export function sampleOf(schema: JsonSchema | undefined, name: string, ids: IdsByKind, random: () => number, depth = 0): unknown {
  if (!schema || depth > 8) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum && schema.enum.length > 0) return pick(random, schema.enum);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants && variants.length > 0) return sampleOf(pick(random, variants), name, ids, random, depth + 1);
  if (schema.allOf && schema.allOf.length > 0) return sampleOf(schema.allOf[0], name, ids, random, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((item) => item !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      const required = new Set(schema.required ?? []);
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        if (required.has(key) || random() < 0.5) value[key] = sampleOf(property, key, ids, random, depth + 1);
      }
      return value;
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () =>
        sampleOf(schema.items, name.replace(/s$/, ''), ids, random, depth + 1),
      );
    case 'integer':
    case 'number':
      return schema.minimum !== undefined ? Math.ceil(schema.minimum) + 1 : 1;
    case 'boolean':
      return random() < 0.5;
    case 'string':
      return stringSample(schema, name, ids);
    default:
      return null;
  }
}

function stringSample(schema: JsonSchema, name: string, ids: IdsByKind): string {
  if (schema.format === 'date-time' || /At$|^from$|^to$/.test(name)) return '2026-03-02T09:30:00.000Z';
  if (schema.format === 'date' || schema.pattern?.includes('\\d{4}-')) return '2026-03-02';
  if (schema.format === 'email' || /email/i.test(name)) return 'fuzz@example.com';
  if (schema.pattern?.includes(':[0-5]')) return '09:00';
  if (schema.pattern === '^[A-Za-z0-9_-]+$' || /Id$|Ids?$/.test(name)) return idFor(name, ids);
  if (/phone/i.test(name)) return '+86 10 1234 5678';
  if (/url/i.test(name)) return 'https://example.com';
  if (/serial/i.test(name)) return 'SN-FUZZ-1';
  const text = 'fuzz text';
  return text.padEnd(Math.max(schema.minLength ?? 0, text.length), 'x');
}

/** Every place a value sits in a sample, as a path of keys and indexes (objects and arrays are places too). */
export function pathsOf(value: unknown, prefix: (string | number)[] = [], depth = 0): (string | number)[][] {
  if (depth > 4 || value === null || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item] as [number, unknown])
    : Object.entries(value as Record<string, unknown>);
  return entries.flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key], depth + 1)]);
}

export function withValueAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy: unknown = structuredClone(value);
  let cursor = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string | number, unknown>;
  cursor[path[path.length - 1]!] = replacement;
  return copy;
}

/** A JSON text nested `depth` levels deep, written directly (JSON.stringify would recurse). */
export function deeplyNestedJson(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

const HUGE = 'x'.repeat(1024 * 1024);
const LARGE_BUT_UNDER_THE_BODY_LIMIT = 'y'.repeat(200_000);

/** Values a field should never accept in place of a proper one. */
export const WRONG_VALUES: readonly unknown[] = [
  Number('123456789012345678901234567890'),
  -1,
  0,
  1.5,
  1e308,
  'not-a-number',
  '',
  ' ',
  true,
  null,
  {},
  [],
  [1, 'two', null],
  { nested: { deeper: ['x'] } },
  'a\u0000b',
  LARGE_BUT_UNDER_THE_BODY_LIMIT,
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  '99999999999999999999',
  '-1',
  '2026-02-30',
  '2026-13-45T99:99:99Z',
  '0000-00-00',
  '+275760-09-13T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '../../etc/passwd',
  '\u{1F600}\u0301\uFEFF',
  '\ud800',
];

export const HUGE_STRING = HUGE;

/** Query values that a query parameter should refuse or handle, whatever its type. */
export const WRONG_QUERY_VALUES: readonly string[] = [
  '',
  'abc',
  '-1',
  '0',
  '1.5',
  '99999999999999999999',
  '1e400',
  'NaN',
  'true',
  'null',
  '2026-02-30',
  '2026-13-45T99:99:99Z',
  'not-a-uuid',
  '%00',
  '%E0%A4%A',
  '%F0%9F%98%80',
  'x'.repeat(8000),
  '[object Object]',
];

/** Path parameter values: a route must answer 400 or 404 to each. */
export const WRONG_PATH_VALUES: readonly string[] = [
  'not-a-uuid',
  '99999999999999999999999999',
  '-1',
  '0',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(300),
  '%00',
  '%E0%A4%A',
  '..%2F..%2Fetc',
  '%20',
];
