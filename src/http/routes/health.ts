import type { FastifyInstance } from 'fastify';
import { pingDatabase } from '../../storage/db.js';
import { pendingMigrations } from '../../storage/migrate.js';
import type { ServiceContext } from '../../services/context.js';

export function healthRoutes(app: FastifyInstance, context: ServiceContext): void {
  app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    try {
      await pingDatabase(context.storage.db);
      const pending = await pendingMigrations(context.storage);
      if (pending.length > 0) return reply.code(503).send({ status: 'migrations pending', pending });
      return { status: 'ready', database: context.storage.dialect };
    } catch (error) {
      return reply.code(503).send({ status: 'database unreachable', error: error instanceof Error ? error.message : String(error) });
    }
  });
}
