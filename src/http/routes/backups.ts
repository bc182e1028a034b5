import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readBackupStatus } from '../../operations/backup/backup-status.js';
import { lastRunSchema, type BackupSchedule } from '../../operations/backup/scheduled-backups.js';
import type { ServiceContext } from '../../services/context.js';
import { commonErrors } from '../schemas/common.js';

const statusView = z.object({
  schedule: z.object({ dir: z.string(), keep: z.number(), everyHours: z.number() }).nullable(),
  lastRun: lastRunSchema.nullable(),
  kept: z.array(
    z.object({
      folder: z.string(),
      createdAt: z.string(),
      casedeskVersion: z.string(),
      database: z.enum(['sqlite', 'postgres']),
      lastMigration: z.string().nullable(),
      cases: z.number().nullable(),
      bytes: z.number(),
      files: z.number(),
    }),
  ),
  unfinished: z.array(z.string()),
});

export function backupRoutes(app: FastifyInstance, context: ServiceContext, schedule: BackupSchedule | null): void {
  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/v1/backups',
    {
      config: { access: 'backups.read' },
      schema: {
        tags: ['operations'],
        description:
          'The scheduled backups (admins): where they go, how many are kept and how often (`schedule`, null when ' +
          '`CASEDESK_BACKUP_DIR` is unset), the last run with its result, shared by all instances, and the complete backups ' +
          'kept in the folder, newest first, as their manifests describe them. Folders without a manifest are `unfinished`.',
        response: { 200: statusView, ...commonErrors },
      },
    },
    async (request) => readBackupStatus(context, request.actor!, schedule),
  );
}
