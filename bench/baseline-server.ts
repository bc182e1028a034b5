/**
 * The intake benchmark's yardstick: the same framework, validation and storage layer as CaseDesk, with one bare
 * route that inserts one row shaped like a case. CaseDesk's intake is compared with it as a ratio.
 */
import Fastify from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { responseSerializer } from '../src/http/plugins/response-serializer.js';
import { openStorage, pingDatabase } from '../src/storage/db.js';

const port = Number(process.env.CASEDESK_PORT);
const url = process.env.CASEDESK_DATABASE_URL;
const storage = openStorage(
  url ? { kind: 'postgres', url } : { kind: 'sqlite', file: path.join(process.env.CASEDESK_DATA_DIR!, 'baseline.sqlite') },
);

await sql`create table if not exists bench_cases (
  id text primary key, number text not null, organization_id text not null, channel text not null, level integer not null,
  kind text not null, title text not null, description text not null, status text not null, received_at text not null,
  created_at text not null, updated_at text not null)`.execute(storage.db);

const body = z.object({
  organizationId: z.string().min(1).max(64),
  channel: z.enum(['hotline', 'email', 'portal', 'remote', 'onsite', 'api']),
  level: z.number().int().min(1).max(4),
  title: z.string().trim().min(1).max(300),
  description: z.string().max(20_000),
});

const app = Fastify({ logger: false });
app.setValidatorCompiler(validatorCompiler);
app.setSerializerCompiler(responseSerializer);
const api = app.withTypeProvider<ZodTypeProvider>();
let counter = 0;
api.post('/baseline/cases', { schema: { body } }, async (request, reply) => {
  const at = new Date().toISOString();
  const row = {
    id: randomUUID(),
    number: `B-${++counter}`,
    organization_id: request.body.organizationId,
    channel: request.body.channel,
    level: request.body.level,
    kind: 'fault',
    title: request.body.title,
    description: request.body.description,
    status: 'new',
    received_at: at,
    created_at: at,
    updated_at: at,
  };
  await sql`insert into bench_cases (id, number, organization_id, channel, level, kind, title, description, status, received_at, created_at, updated_at)
    values (${row.id}, ${row.number}, ${row.organization_id}, ${row.channel}, ${row.level}, ${row.kind}, ${row.title}, ${row.description}, ${row.status}, ${row.received_at}, ${row.created_at}, ${row.updated_at})`.execute(
    storage.db,
  );
  return reply.code(201).send(row);
});
app.get('/readyz', async () => {
  await pingDatabase(storage.db);
  return { status: 'ready' };
});
await app.listen({ port, host: '127.0.0.1' });
process.once(
  'SIGTERM',
  () =>
    void app
      .close()
      .then(() => storage.close())
      .then(() => process.exit(0)),
);
