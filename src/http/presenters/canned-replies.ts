import { z } from 'zod';
import { LANGUAGES } from '../../domain/access/roles.js';
import { CANNED_REPLY_PLACEHOLDERS } from '../../domain/canned-replies/canned-replies.js';

const bodies = z.object({ en: z.string(), 'zh-CN': z.string() }).describe("The text per language; '' where the reply is not written in it");

export const cannedReplyView = z.object({
  id: z.string(),
  title: z.string(),
  body: bodies,
  scope: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('department'), departmentId: z.string() }),
    z.object({ kind: z.literal('personal'), ownerId: z.string() }),
  ]),
  departmentName: z.string().nullable(),
  updatedAt: z.string(),
  canEdit: z.boolean().describe('Whether the caller may change and delete it'),
});

export const cannedReplyListView = z.object({
  items: z.array(cannedReplyView),
  canShare: z.boolean().describe('Whether the caller may share replies with a department'),
  shareDepartments: z.array(z.object({ id: z.string(), name: z.string() })).describe('The departments the caller may share replies with'),
});

export const filledCannedReplyView = z.object({
  language: z.enum(LANGUAGES).describe('The language of the text (the other one when the reply is not written in the one asked for)'),
  text: z.string(),
  missing: z.array(z.enum(CANNED_REPLY_PLACEHOLDERS)).describe('Placeholders left as written: the case has no value for them'),
});
