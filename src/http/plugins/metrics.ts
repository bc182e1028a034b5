import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { BackupRun } from '../../operations/backup/scheduled-backups.js';

/** Prometheus metrics per app instance (a registry each, so tests can run several apps in one process). */
export function registerMetrics(app: FastifyInstance, sources: { lastBackupRun?: () => Promise<BackupRun | null> } = {}): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'casedesk_' });
  if (sources.lastBackupRun) registerBackupMetrics(registry, sources.lastBackupRun);
  const duration = new Histogram({
    name: 'casedesk_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
  return registry;
}

/** The last scheduled backup (shared by all instances, read at each scrape), so monitoring can alert on a stale or failed one. */
function registerBackupMetrics(registry: Registry, lastBackupRun: () => Promise<BackupRun | null>): void {
  // Labelled by the run's result, so that before the first run (or while the database does not answer: a scrape must
  // still answer) the metrics are absent rather than a made-up 0.
  const read = async (gauge: Gauge<'result'>, value: (run: BackupRun) => number) => {
    gauge.reset();
    const run = await lastBackupRun().catch(() => null);
    if (run) gauge.set({ result: run.ok ? 'success' : 'failure' }, value(run));
  };
  new Gauge({
    name: 'casedesk_backup_last_run_timestamp_seconds',
    help: 'When the last scheduled backup ended (Unix time)',
    labelNames: ['result'] as const,
    registers: [registry],
    collect() {
      return read(this, (run) => Date.parse(run.finishedAt) / 1000);
    },
  });
  new Gauge({
    name: 'casedesk_backup_last_run_success',
    help: '1 when the last scheduled backup succeeded, 0 when it failed',
    labelNames: ['result'] as const,
    registers: [registry],
    collect() {
      return read(this, (run) => (run.ok ? 1 : 0));
    },
  });
  new Gauge({
    name: 'casedesk_backup_last_success_timestamp_seconds',
    help: 'When the newest successful scheduled backup ended (Unix time), also after a failed run',
    registers: [registry],
    async collect() {
      this.reset();
      const run = await lastBackupRun().catch(() => null);
      if (run?.lastSuccessAt) this.set(Date.parse(run.lastSuccessAt) / 1000);
    },
  });
  new Gauge({
    name: 'casedesk_backup_last_run_bytes',
    help: 'Size of the last scheduled backup (0 when it failed)',
    labelNames: ['result'] as const,
    registers: [registry],
    collect() {
      return read(this, (run) => run.bytes ?? 0);
    },
  });
}
