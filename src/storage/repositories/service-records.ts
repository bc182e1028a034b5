import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db.js';
import { changedOne } from '../changed-one.js';
import type { ServiceRecordConfirmationsTable, SignedLinksTable } from '../schema.js';

export type SignedLinkRow = Selectable<SignedLinksTable>;
export type ServiceRecordConfirmationRow = Selectable<ServiceRecordConfirmationsTable> & { confirmed_by_user_name?: string | null };

/** Creates the named secret once (racing instances collide on the key and keep the first), then reads it. */
export async function ensureSigningKey(executor: Executor, name: string, candidate: string, at: string): Promise<string> {
  const existing = await executor.selectFrom('signing_keys').select('secret').where('name', '=', name).executeTakeFirst();
  if (existing) return existing.secret;
  await executor
    .insertInto('signing_keys')
    .values({ name, secret: candidate, created_at: at })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await executor.selectFrom('signing_keys').select('secret').where('name', '=', name).executeTakeFirstOrThrow();
  return row.secret;
}

export async function insertSignedLink(executor: Executor, row: Insertable<SignedLinksTable>): Promise<void> {
  await executor.insertInto('signed_links').values(row).execute();
}

export async function findSignedLink(executor: Executor, id: string): Promise<SignedLinkRow | undefined> {
  return executor.selectFrom('signed_links').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks a link used only if nobody did before: of two racing uses exactly one sees `true`. */
export async function markSignedLinkUsed(
  executor: Executor,
  id: string,
  use: { at: string; ip: string | null; userAgent: string | null },
): Promise<boolean> {
  return changedOne(
    executor
      .updateTable('signed_links')
      .set({ used_at: use.at, used_ip: use.ip, used_user_agent: use.userAgent })
      .where('id', '=', id)
      .where('used_at', 'is', null),
  );
}

export async function insertConfirmation(executor: Executor, row: Insertable<ServiceRecordConfirmationsTable>): Promise<void> {
  await executor.insertInto('service_record_confirmations').values(row).execute();
}

export async function listConfirmations(executor: Executor, caseId: string): Promise<ServiceRecordConfirmationRow[]> {
  return executor
    .selectFrom('service_record_confirmations')
    .leftJoin('users', 'users.id', 'service_record_confirmations.confirmed_by_user_id')
    .selectAll('service_record_confirmations')
    .select('users.name as confirmed_by_user_name')
    .where('case_id', '=', caseId)
    .orderBy('service_record_confirmations.id')
    .execute();
}
