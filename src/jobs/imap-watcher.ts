import { ImapFlow, type FetchMessageObject } from 'imapflow';
import { parseInboundMail, type InboundMessage } from '../mail/inbound-message.js';
import type { ServiceContext } from '../services/context.js';
import { inMailboxTurn, receiveInboundMail, storedMessageIds, type InboundOutcome } from '../services/inbound-mail/receive-inbound-mail.js';
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

/** Mails fetched per round trip and moved together once all of them committed. */
const BATCH = 50;
/**
 * Mails of a batch taken in at once: their reads are asked together (read batching), and on SQLite their transactions
 * share a commit; on PostgreSQL each transaction holds one of the pool's connections for its few writes.
 */
const AT_ONCE = 16;

/** At most `size` of the calls run at once; the others wait their turn in order. */
function limiter(size: number): <T>(work: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (work) => {
    if (running < size) running += 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else running -= 1;
    }
  };
}

/**
 * Takes in the mails of one batch side by side, each in its own transaction, and answers the UIDs whose mail is
 * stored (now or before). A mail waits for the mail before it from the same sender and for a mail of the batch it
 * answers, so one correspondent's mails go in in the order they arrived; if one of those failed, it waits in the
 * mailbox with it for the next round. Mail that cannot be taken in stays in the mailbox.
 */
async function takeInBatch(
  context: ServiceContext,
  options: ImapWatcherOptions,
  messages: readonly FetchMessageObject[],
): Promise<number[]> {
  const readable: { uid: number; source: Buffer; parsed: InboundMessage }[] = [];
  for (const message of messages) {
    const source = message.source;
    if (!source) continue;
    if (source.length > options.maxBytes) {
      // Left where people reading the mailbox see it; CaseDesk does not take it in.
      options.log.error({ uid: message.uid, bytes: source.length }, 'inbound mail over CASEDESK_INBOUND_MAX_BYTES left in the mailbox');
      continue;
    }
    try {
      readable.push({ uid: message.uid, source, parsed: await parseInboundMail(source) });
    } catch (error) {
      options.log.error({ err: error, uid: message.uid }, 'inbound mail could not be read; it stays in the mailbox');
    }
  }
  // One question for the whole batch instead of one per mail; what is stored (a crash before its move, another
  // instance) is only moved.
  const stored = await storedMessageIds(
    context,
    readable.map((mail) => mail.parsed.messageId),
  );
  const inTurn = limiter(AT_ONCE);
  const lastOfSender = new Map<string, Promise<boolean>>();
  const byMessageId = new Map<string, Promise<boolean>>();
  const committed: number[] = [];
  const all: Promise<boolean>[] = [];
  for (const { uid, source, parsed } of readable) {
    if (stored.has(parsed.messageId)) {
      committed.push(uid);
      continue;
    }
    const before = [
      lastOfSender.get(parsed.fromAddress),
      ...[parsed.inReplyTo, ...parsed.references].map((id) => (id === null ? undefined : byMessageId.get(id))),
    ].filter((earlier): earlier is Promise<boolean> => earlier !== undefined);
    const done = Promise.all(before).then(async (earlier) => {
      if (earlier.includes(false)) return false;
      try {
        const outcome = await inTurn(() =>
          receiveInboundMail(
            context,
            parsed,
            source.toString('utf8'),
            { to: options.mailbox.user },
            { ownAddresses: options.ownAddresses },
            { knownNew: true },
          ),
        );
        options.onReceived?.(outcome);
        committed.push(uid);
        return true;
      } catch (error) {
        options.log.error({ err: error, uid }, 'inbound mail from the mailbox could not be taken in; it stays there');
        return false;
      }
    });
    lastOfSender.set(parsed.fromAddress, done);
    byMessageId.set(parsed.messageId, done);
    all.push(done);
  }
  await Promise.all(all);
  return committed;
}

/**
 * Moves taken-in mail to the processed folder, one instance at a time: another instance may have moved some of it
 * already (it found them stored), and moving a mail twice would leave two copies there. NOOP hears of what others
 * moved; only what is still in the mailbox is moved.
 */
async function moveTakenIn(context: ServiceContext, imap: ImapFlow, uids: readonly number[], folder: string): Promise<boolean> {
  return inMailboxTurn(context, async () => {
    await imap.noop();
    const still = await imap.search({ uid: uids.join(',') }, { uid: true });
    if (!still) return false;
    if (still.length === 0) return true;
    return Boolean(await imap.messageMove(still.join(','), folder, { uid: true }));
  });
}

/**
 * Watches a hosted mailbox: takes in every mail waiting in it, then waits with IMAP IDLE for more. Mail is fetched in
 * batches and a batch is moved to the processed folder only after the transactions of its mails committed; a crash in between leaves it in the mailbox, and reading
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
    const uids = await imap.search({ all: true }, { uid: true });
    if (!uids) throw new Error('the mailbox could not be searched');
    const fetchBatch = (start: number) => {
      const fetched = imap.fetchAll(uids.slice(start, start + BATCH).join(','), { uid: true, source: true }, { uid: true });
      // Awaited below; until then a dropped connection must not count as an unhandled rejection.
      fetched.catch(() => undefined);
      return fetched;
    };
    let fetching = uids.length > 0 ? fetchBatch(0) : null;
    for (let start = 0; fetching && !stopped; start += BATCH) {
      const messages = await fetching;
      // The next batch travels while this one is taken in: the connection is otherwise idle until the move.
      fetching = start + BATCH < uids.length ? fetchBatch(start + BATCH) : null;
      const committed = await takeInBatch(context, options, messages);
      if (committed.length === 0) continue;
      // Only now, with every one of them committed: a crash before this line leaves them here, to be found stored.
      const moved = await moveTakenIn(context, imap, committed, options.processedFolder);
      if (!moved)
        options.log.error(
          { uids: committed, folder: options.processedFolder },
          'taken-in mail could not be moved to the processed folder; it is read again (and only moved) later',
        );
    }
    // Stopped with a batch still on its way: it stays in the mailbox for the next start.
    await fetching?.catch(() => undefined);
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
