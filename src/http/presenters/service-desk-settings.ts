import { z } from 'zod';

export const serviceDeskSettingsView = z.object({
  hotlineNumber: z.string().nullable().describe('The service hotline customers call; null while the admin has set none'),
  mailCaseLevel: z
    .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)])
    .describe('The level of a case opened from a mail (1–4, default 3), until the secretary re-levels it'),
});
