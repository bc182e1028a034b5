import { ImapFlow } from 'imapflow';
import { parseInboundMail } from '../mail/inbound-message.js';
import type { ServiceContext } from '../services/context.js';
import { receiveInboundMail, type InboundOutcome } from '../services/inbound-mail/receive-inbound-mail.js';
import type { JobLogger } from './scheduler.js';
import type { ImapMailbox } from '../mail/mailbox-addresses.js';

export { parseImapUrl, type ImapMailbox } from '../mail/mailbox-addresses.js';

export interface ImapWatcherOptions {
  mailbox: ImapMailbox;
  /** Processed mail is moved here (created when missing), so a restart neither loses nor re-reads it. */
  processedFolder: string;
  ownAddresses: readonly string[];
  maxBytes: number;
  log: JobLogger & { info(details: Record<string, unknown>, message: string): void };
  /** How long to wait before connecting again after the connection dropped. */
  reconnectMs?: number;
  onReceived?: (outcome: InboundOutcome) => void;
}

export interface ImapWatcher {
  stop(): Promise<void>;
  /** Resolves when the mailbox has been emptied once after connecting (for tests and start-up logs). */
  firstDrain: Promise<void>;
}

/**
 * Watches a hosted mailbox: takes in every mail waiting in it, then waits with IMAP IDLE for more. A mail is moved to
 * the processed folder only after its transaction committed; a crash in between leaves it in the mailbox, and reading
 * it again finds its Message-ID already stored, so it is only moved.
 */
export function startImapWatcher(context: ServiceContext, options: ImapWatcherOptions): ImapWatcher {
  let stopped = false;
  let client: ImapFlow | null = null;
  let draining: Promise<void> = Promise.resolve();
  let resolveFirst: () => void = () => {};
  const firstDrain = new Promise<void>((resolve) => (resolveFirst = resolve));
  let retry: NodeJS.Timeout | null = null;

  const drain = async (imap: ImapFlow): Promise<void> => {
    const box = imap.mailbox;
    if (!box || box.exists === 0) return;
    const messages = await imap.fetchAll('1:*', { uid: true, source: true, size: true });
    for (const message of messages) {
      if (stopped) return;
      if (!message.source) continue;
      if (message.source.length > options.maxBytes) {
        // Left where people reading the mailbox see it; CaseDesk does not take it in.
        options.log.error(
          { uid: message.uid, bytes: message.source.length },
          'inbound mail over CASEDESK_INBOUND_MAX_BYTES left in the mailbox',
        );
        continue;
      }
      const parsed = await parseInboundMail(message.source);
      const outcome = await receiveInboundMail(
        context,
        parsed,
        message.source.toString('utf8'),
        { to: options.mailbox.user },
        {
          ownAddresses: options.ownAddresses,
        },
      );
      options.onReceived?.(outcome);
      await imap.messageMove(String(message.uid), options.processedFolder, { uid: true });
    }
  };

  const scheduleDrain = (imap: ImapFlow) => {
    draining = draining
      .then(() => drain(imap))
      // Into IDLE at once, so new mail is announced right away (imapflow would wait for a quiet spell first).
      .then(() => {
        if (!stopped && imap.usable) void imap.idle().catch(() => undefined);
      })
      .catch((error: unknown) => options.log.error({ err: error }, 'inbound mail from the mailbox could not be taken in; it stays there'));
    return draining;
  };

  const connect = async (): Promise<void> => {
    const imap = new ImapFlow({
      host: options.mailbox.host,
      port: options.mailbox.port,
      secure: options.mailbox.secure,
      auth: { user: options.mailbox.user, pass: options.mailbox.password },
      logger: false,
    });
    client = imap;
    imap.on('error', (error: unknown) => options.log.error({ err: error }, 'IMAP connection failed'));
    imap.on('close', () => {
      if (!stopped) retry = setTimeout(() => void connect().catch(() => undefined), options.reconnectMs ?? 5_000);
    });
    imap.on('exists', () => void scheduleDrain(imap));
    try {
      await imap.connect();
      await imap.mailboxCreate(options.processedFolder).catch(() => undefined);
      await imap.mailboxOpen(options.mailbox.mailbox);
      await scheduleDrain(imap);
      resolveFirst();
      options.log.info({ host: options.mailbox.host, mailbox: options.mailbox.mailbox }, 'watching the mailbox for inbound mail');
    } catch (error) {
      options.log.error({ err: error }, 'could not open the mailbox; trying again');
      imap.close();
    }
  };
  void connect();

  return {
    firstDrain,
    async stop() {
      stopped = true;
      if (retry) clearTimeout(retry);
      await draining;
      await client?.logout().catch(() => undefined);
    },
  };
}
