import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { caseView } from '../../src/http/presenters/cases.js';
import { responseSerializer, valueChangingPart } from '../../src/http/plugins/response-serializer.js';

describe('response serializer', () => {
  it('finds where a response schema would change values, so such a route fails at start', () => {
    expect(valueChangingPart(caseView)).toBeNull();
    expect(valueChangingPart(z.object({ a: z.object({ b: z.string().transform(Number) }) }))).toBe('$.a.b');
    const isoDate = z.codec(z.iso.datetime(), z.date(), { decode: (text) => new Date(text), encode: (date) => date.toISOString() });
    expect(valueChangingPart(z.object({ items: z.array(z.object({ at: isoDate.nullable() })) }))).toBe('$.items[].at');
    expect(() => responseSerializer({ schema: z.object({ at: isoDate }), method: 'GET', url: '/x' })).toThrow(
      /transforms values at \$\.at/,
    );
  });

  it('sends only declared fields, and refuses an answer that does not fit its schema', () => {
    const serialize = responseSerializer({
      schema: z.object({ id: z.string(), name: z.string().nullable(), extra: z.record(z.string(), z.unknown()) }),
      method: 'GET',
      url: '/x',
    });
    expect(JSON.parse(serialize({ id: 'a', name: null, extra: { any: [1] }, passwordHash: 'secret' }))).toEqual({
      id: 'a',
      name: null,
      extra: { any: [1] },
    });
    expect(() => serialize({ id: 1, name: null, extra: {} })).toThrow();
  });
});
