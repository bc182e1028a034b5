import { countOutboxMessagesByStatus } from '../../storage/repositories/outbox.js';
import type { ServiceContext } from '../context.js';

export interface MailSettings {
  smtpConfigured: boolean;
  from: string;
  host: string | null;
  outbox: { pending: number; dead: number };
}

/** The admin's mail overview: is there an SMTP relay, who mail comes from, and how much mail waits or gave up. */
export async function readMailSettings(context: ServiceContext): Promise<MailSettings> {
  const counts = await countOutboxMessagesByStatus(context.storage.db);
  const host = context.mail?.smtpHost ?? null;
  return {
    smtpConfigured: host !== null,
    from: context.mail?.from ?? '',
    host,
    // A message being handed to the relay right now still waits as far as the admin is concerned.
    outbox: { pending: (counts.pending ?? 0) + (counts.sending ?? 0), dead: counts.dead ?? 0 },
  };
}
