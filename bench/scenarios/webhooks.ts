import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { systemClock, type ServiceContext } from '../../src/services/context.js';
import { deliverDueWebhooks } from '../../src/services/webhooks/deliver-webhooks.js';
import { openStorage } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { saveAdminSetting } from '../../src/storage/repositories/admin-settings.js';
import { findUserByEmail } from '../../src/storage/repositories/users.js';
import { insertWebhookSubscription } from '../../src/storage/repositories/webhooks.js';
import { freshDataDir, freshPostgresDatabase, report, type BenchLine } from '../support.js';
import { seedCaseQueue } from './web-console.js';

const DELIVERIES = 5_000;

/**
 * Webhook delivery throughput (issue #17): `DELIVERIES` queued deliveries of one subscription, due now, posted by one
 * sender run (`deliverDueWebhooks`: claim under a lease, sign as Standard Webhooks says, POST, record the attempt) to
 * a local HTTP receiver that answers 204. Events/s from the first claim to the last recorded attempt, on each
 * database. Turning events into deliveries (the fan-out) is left out: it is one INSERT…SELECT per batch.
 * `CASEDESK_BENCH_WEBHOOKS` changes the count.
 */
export async function webhooksScenario(
  databases: readonly ('sqlite' | 'postgres')[] = ['sqlite', 'postgres'],
  deliveries = Number(process.env.CASEDESK_BENCH_WEBHOOKS ?? DELIVERIES),
): Promise<BenchLine[]> {
  const lines: BenchLine[] = [];
  const scenario = `webhooks, ${deliveries.toLocaleString('en')} deliveries`;
  let received = 0;
  const receiver = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received++;
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  try {
    for (const database of databases) {
      const postgres = database === 'postgres' ? await freshPostgresDatabase('webhooks') : null;
      if (database === 'postgres' && !postgres) break;
      const storage = openStorage(
        postgres ? { kind: 'postgres', url: postgres.url } : { kind: 'sqlite', file: path.join(freshDataDir(), 'casedesk.sqlite') },
      );
      try {
        await migrateToLatest(storage);
        await seedCaseQueue(storage, 100);
        const owner = (await findUserByEmail(storage.db, 'queue-manager@example.com'))!;
        const at = new Date().toISOString();
        await saveAdminSetting(storage.db, { name: 'webhooks-allow-private-targets', value: 'true', updatedAt: at, updatedBy: owner.id });
        const subscriptionId = 'bench-subscription';
        await insertWebhookSubscription(storage.db, {
          id: subscriptionId,
          url,
          events_json: JSON.stringify(['case.created']),
          description: 'bench',
          secret: `whsec_${Buffer.from('casedesk-bench-webhook-secret!!').toString('base64')}`,
          enabled: 1,
          disabled_reason: null,
          owner_user_id: owner.id,
          consecutive_failures: 0,
          failing_since: null,
          created_at: at,
          updated_at: at,
        });
        for (let start = 0; start < deliveries; start += 500) {
          const rows = Array.from({ length: Math.min(500, deliveries - start) }, (_, offset) => {
            const n = start + offset;
            return {
              id: `bench-delivery-${n}`,
              subscription_id: subscriptionId,
              message_id: `msg_bench_${n}`,
              event_type: 'case.created',
              payload_json: JSON.stringify({
                type: 'case.created',
                timestamp: at,
                data: { id: `case-${n}`, number: `C-${n}`, title: 'Core switch down' },
              }),
              created_at: at,
              status: 'pending',
              attempts: 0,
              next_attempt_at: at,
              claim_token: null,
              claimed_until: null,
              last_attempt_at: null,
              delivered_at: null,
            };
          });
          await storage.db.insertInto('webhook_deliveries').values(rows).execute();
        }
        const context: ServiceContext = { storage, clock: systemClock, publicUrl: 'http://localhost' };
        received = 0;
        const started = performance.now();
        let delivered = 0;
        while (delivered < deliveries) {
          const run = await deliverDueWebhooks(context);
          if (run.delivered === 0 && run.failed === 0) throw new Error(`webhook bench stalled at ${delivered} of ${deliveries}`);
          if (run.failed > 0) throw new Error(`${run.failed} webhook deliveries failed against the local receiver`);
          delivered += run.delivered;
        }
        const seconds = (performance.now() - started) / 1000;
        if (received !== deliveries) throw new Error(`the receiver saw ${received} posts for ${deliveries} deliveries`);
        lines.push(report({ scenario, database, metric: 'delivered to a local receiver', value: deliveries / seconds, unit: 'events/s' }));
      } finally {
        await storage.close();
        await postgres?.drop();
      }
    }
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
  return lines;
}
