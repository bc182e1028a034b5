import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { readBackupStatus } from '../../operations/backup/backup-status.js';
import type { BackupSchedule } from '../../operations/backup/scheduled-backups.js';
import type { ServiceContext } from '../../services/context.js';
import { backupStatusView } from '../presenters/backups.js';
import { commonErrors } from '../schemas/common.js';

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
        response: { 200: backupStatusView, ...commonErrors },
      },
    },
    async (request) => readBackupStatus(context, request.actor!, schedule),
  );
}
