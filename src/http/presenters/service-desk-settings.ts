import { z } from 'zod';

export const serviceDeskSettingsView = z.object({
  hotlineNumber: z.string().nullable().describe('The service hotline customers call; null while the admin has set none'),
});
