import { z } from 'zod';
import { IANAZone } from 'luxon';
import { LANGUAGES, ROLES } from '../../domain/access/roles.js';
import { isKnownCountry } from '../../domain/contacts/phone-numbers.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../storage/repositories/pagination.js';

/** Building blocks shared by every route schema: one source for validation, OpenAPI and the web client's types. */

export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be an id');
export const idParams = z.object({ id: idSchema });

export const roleSchema = z.enum(ROLES);
export const languageSchema = z.enum(LANGUAGES);
export const emailSchema = z.string().trim().max(254).email('must be an e-mail address');
export const nameSchema = z.string().trim().min(1, 'must not be empty').max(200);
export const timeZoneSchema = z
  .string()
  .trim()
  .max(100)
  .refine((zone) => IANAZone.isValidZone(zone), 'must be an IANA time zone, such as Asia/Shanghai');
export const optionalText = (max: number) => z.string().max(max).nullable().optional();

/**
 * Every URL CaseDesk stores is shown to someone as a link, so it must be a web address: http(s) only, never
 * `javascript:`, `data:` or `file:`.
 */
export const httpUrlSchema = z
  .string()
  .trim()
  .max(2_000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// address such as https://support.example.com');

/** The characters a phone number is written with; whether it is a number of its country is the service's check. */
export const phoneSchema = z
  .string()
  .trim()
  .max(50)
  .regex(/^[0-9+()\-\s.]*$/, 'must be a phone number');

export const countrySchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'must be a two-letter ISO 3166 country code such as CN or GB')
  .transform((value) => value.toUpperCase())
  .refine(isKnownCountry, 'is not a country phone numbers are known for');

export const pageQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});

/** A yes/no query parameter written `true` or `false`, read as a boolean (absent: not asked for). */
export const flagQuery = z
  .enum(['true', 'false'])
  .transform((value) => value === 'true')
  .optional();

/** `includeRetired=true` on a list: also the records retired (closed, cancelled), which lists leave out by default. */
export const includeRetiredQuery = flagQuery.describe('Also the retired ones (left out unless asked for)');

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    field: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), in: z.string().optional(), message: z.string() })).optional(),
  })
  .passthrough()
  .describe('RFC 9457 problem details');

/** Error responses every authenticated route may give, for the OpenAPI document. */
export const commonErrors = {
  400: problemSchema,
  401: problemSchema,
  403: problemSchema,
  404: problemSchema,
  409: problemSchema,
} as const;
