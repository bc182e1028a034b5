import { z } from 'zod';
import { isCalendarDate } from '../../domain/entitlement/entitlement.js';
import { idSchema, nameSchema } from './common.js';

/** Schemas shared by the delivered-systems routes. */

export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(isCalendarDate, 'must be a real calendar date');

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written YYYY-MM');

export const serialSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100)
  .regex(/^[\x21-\x7e\u00a0-\uffff][\x20-\x7e\u00a0-\uffff]*$/, 'must be a serial number without control characters');

export const productBody = z.object({
  vendorId: idSchema,
  model: nameSchema,
  serialNumber: serialSchema,
  softwareVersion: z.string().trim().max(100).nullable().optional(),
  site: z.string().trim().max(200).nullable().optional(),
  notes: z.string().max(5000).nullable().optional(),
});
