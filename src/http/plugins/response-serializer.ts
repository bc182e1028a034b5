import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

interface Definition {
  type: string;
  [key: string]: unknown;
}

/** The schemas a schema is made of, for the kinds response schemas use. */
function partsOf(def: Definition): unknown[] {
  switch (def.type) {
    case 'object':
      return Object.values(def.shape as Record<string, unknown>);
    case 'array':
      return [def.element];
    case 'union':
      return def.options as unknown[];
    case 'record':
      return [def.keyType, def.valueType];
    case 'intersection':
      return [def.left, def.right];
    case 'tuple':
      return def.items as unknown[];
    case 'pipe':
      return [def.in, def.out];
    case 'lazy':
      return [(def.getter as () => unknown)()];
    default:
      return 'innerType' in def ? [def.innerType] : [];
  }
}

/**
 * Where a schema changes values on the way (a transform or a codec), parsing and encoding an answer differ; the
 * path to the first such place, or null.
 */
export function valueChangingPart(schema: z.ZodType, path = '$', seen = new Set<unknown>()): string | null {
  if (seen.has(schema)) return null;
  seen.add(schema);
  const def = schema.def as unknown as Definition;
  if (def.type === 'transform' || (def.type === 'pipe' && 'transform' in def)) return path;
  for (const [index, part] of partsOf(def).entries()) {
    if (!(part instanceof z.ZodType)) continue;
    const step =
      def.type === 'object'
        ? `.${Object.keys(def.shape as object)[index]!}`
        : def.type === 'array'
          ? '[]'
          : ['union', 'record', 'intersection', 'tuple'].includes(def.type)
            ? `<${index}>`
            : '';
    const found = valueChangingPart(part, `${path}${step}`, seen);
    if (found) return found;
  }
  return null;
}

/**
 * Every response is checked against its route's schema and stripped of the fields the schema does not declare
 * before it is sent. The type provider's own serializer does that with zod's encode, several times slower than parse
 * on a large answer. For schemas that change no values the two agree, so such a schema is required here: a route
 * whose response schema transforms fails when the app starts.
 */
export function responseSerializer({ schema, method, url }: { schema: unknown; method: string; url: string }) {
  const responseSchema = schema instanceof z.ZodType ? schema : (schema as { properties: z.ZodType }).properties;
  const changing = valueChangingPart(responseSchema);
  if (changing)
    throw new Error(`${method} ${url}: the response schema transforms values at ${changing}; responses are parsed, not encoded`);
  return (data: unknown): string => {
    const result = responseSchema.safeParse(data);
    if (result.error) throw new ResponseSerializationError(method, url, { cause: result.error });
    return JSON.stringify(result.data);
  };
}
