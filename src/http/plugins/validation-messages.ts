import type { Language } from '../../domain/access/roles.js';
import { en } from '../../i18n/en.js';
import { translate } from '../../i18n/translate.js';

/** One failed check of a request schema, as fastify-type-provider-zod hands it over. */
export interface SchemaIssue {
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

const keyOfSchemaText = new Map<string, string>(
  Object.entries(en.validation).flatMap(([key, text]) => (typeof text === 'string' ? [[text, key] as const] : [])),
);
const TYPES = new Set(Object.keys(en.validation.types));

/**
 * The message of a failed field check in the request's language. English requests get the schema's own words (or
 * Zod's); for Chinese ones, a text the schema wrote is looked up in the catalogue by its English, and Zod's checks
 * (too short, missing, not one of the choices) are said in the catalogue's words, so a Chinese form shows no English.
 */
export function schemaIssueMessage(language: Language, issue: SchemaIssue): string {
  const message = issue.message ?? en.validation.invalid;
  if (language === 'en') return message;
  const written = keyOfSchemaText.get(message);
  if (written) return translate(language, `validation.${written}`);
  // A rule of the schema's own (a refinement) the catalogue lacks stays as written: its words cannot be guessed.
  return zodCheckMessage(language, issue, message) ?? message;
}

function zodCheckMessage(language: Language, issue: SchemaIssue, message: string): string | null {
  const { params } = issue;
  const origin = typeof params.origin === 'string' ? params.origin : '';
  switch (issue.keyword) {
    case 'invalid_type': {
      if (message.endsWith('received undefined')) return translate(language, 'validation.required');
      const expected = typeof params.expected === 'string' && TYPES.has(params.expected) ? params.expected : null;
      return expected
        ? translate(language, 'validation.wrongType', { expected: translate(language, `validation.types.${expected}`) })
        : translate(language, 'validation.invalid');
    }
    case 'too_small':
      if (origin === 'string') return translate(language, 'validation.textTooShort', { minimum: String(params.minimum) });
      if (origin === 'array' || origin === 'set') return translate(language, 'validation.tooFewItems', { minimum: String(params.minimum) });
      return translate(language, 'validation.tooSmall', { minimum: String(params.minimum) });
    case 'too_big':
      if (origin === 'string') return translate(language, 'validation.textTooLong', { maximum: String(params.maximum) });
      if (origin === 'array' || origin === 'set')
        return translate(language, 'validation.tooManyItems', { maximum: String(params.maximum) });
      return translate(language, 'validation.tooBig', { maximum: String(params.maximum) });
    case 'invalid_value':
      return Array.isArray(params.values)
        ? translate(language, 'validation.oneOf', { values: params.values.map(String).join(' | ') })
        : translate(language, 'validation.invalid');
    case 'invalid_format':
      return params.format === 'email' ? translate(language, 'validation.email') : translate(language, 'validation.badFormat');
    case 'unrecognized_keys':
      return Array.isArray(params.keys)
        ? translate(language, 'validation.unknownFields', { keys: params.keys.map(String).join(', ') })
        : translate(language, 'validation.invalid');
    default:
      return null;
  }
}
