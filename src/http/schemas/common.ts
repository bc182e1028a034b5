import { z } from 'zod';
import { LANGUAGES, ROLES } from '../../domain/access/roles.js';
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
export const optionalText = (max: number) => z.string().max(max).nullable().optional();

export const pageQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});

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
