import { ImapFlow, type FetchQueryObject } from 'imapflow';
import { headerBlockOf, parseInboundMail, readMailHeaders, storedMailText, type InboundMessage } from '../mail/inbound-message.js';
import type { ServiceContext } from '../services/context.js';
import { inMailboxTurn, receiveInboundMail, storedMessageIds, type InboundOutcome } from '../services/inbound-mail/receive-inbound-mail.js';
import { refuseInboundMail, type Refusal } from '../services/inbound-mail/refuse-inbound-mail.js';
import type { JobLogger } from './scheduler.js';
import type { ImapMailbox } from '../mail/mailbox-addresses.js';

export { parseImapUrl, type ImapMailbox } from '../mail/mailbox-addresses.js';

export interface ImapWatcherOptions {
  mailbox: ImapMailbox;
  /** Processed mail is moved here (created when missing), so a restart neither loses nor re-reads it. */
  processedFolder: string;
  /** Refused mail (too large, unreadable, failing each time) is moved here once recorded (created when missing). */
  refusedFolder: string;
  ownAddresses: readonly string[];
  maxBytes: number;
  log: JobLogger & { info(details: Record<string, unknown>, message: string): void };
  /** How long to wait before connecting again after the connection dropped. */
  reconnectMs?: number;
  /** How many passes a mail may fail to be taken in before it is refused (`failed`); 3 unless given. */
  attemptsBeforeRefusal?: number;
  /** How long after a pass that left failing mail in the mailbox it is tried again; a minute unless given. */
  retryFailedMs?: number;
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

/** A mail waiting in the mailbox: its size, and its bytes when under the limit, else only its headers. */
interface Waiting {
  uid: number;
  size: number;
  source?: Buffer | undefined;
  headers?: Buffer | undefined;
}

/** The UIDs of a batch that are recorded (now or before): taken in, or refused. */
interface Settled {
  processed: number[];
  refused: number[];
}

/**
 * Takes in the mails of one batch side by side, each in its own transaction, and answers the UIDs whose mail is
 * stored (now or before). A mail waits for the mail before it from the same sender and for a mail of the batch it
 * answers, so one correspondent's mails go in in the order they arrived; one that failed does not hold the others
 * back. A mail that fails stays in the mailbox for the next pass; after `attemptsBeforeRefusal` passes it is refused.
 * Mail too large (only its headers were fetched) or not readable as a mail is refused at once.
 */
async function takeInBatch(
  context: ServiceContext,
  options: ImapWatcherOptions,
  messages: readonly Waiting[],
  failures: Map<string, number>,
): Promise<Settled & { failing: number }> {
  const settings = { ownAddresses: options.ownAddresses };
  const envelope = { to: options.mailbox.user };
  const readable: { uid: number; source: Buffer; parsed: InboundMessage }[] = [];
  const refusals: { uid: number; message: InboundMessage; raw: string; refusal: Refusal }[] = [];
  for (const mail of messages) {
    const { uid, size, source } = mail;
    if (size > options.maxBytes || (source && source.length > options.maxBytes)) {
      // Never downloaded whole: its headers name it (and, with its size, stand for a Message-ID it lacks).
      const headers = headerBlockOf(mail.headers ?? source ?? Buffer.alloc(0));
      refusals.push({
        uid,
        message: await readMailHeaders(headers, Buffer.concat([headers, Buffer.from(`\n${size}`)])),
        raw: storedMailText(headers),
        refusal: { reason: 'too-large', sizeBytes: size, maxBytes: options.maxBytes },
      });
      continue;
    }
    if (!source) continue;
    try {
      readable.push({ uid, source, parsed: await parseInboundMail(source) });
    } catch (error) {
      options.log.error({ err: error, uid }, 'inbound mail could not be read as a mail; it is recorded as refused');
      refusals.push({
        uid,
        message: await readMailHeaders(headerBlockOf(source), source),
        raw: storedMailText(source),
        refusal: { reason: 'unreadable', sizeBytes: size || source.length, maxBytes: options.maxBytes },
      });
    }
  }
  // One question for the whole batch instead of one per mail; what is stored (a crash before its move, another
  // instance) is only moved, to where its status says.
  const stored = await storedMessageIds(context, [
    ...readable.map((mail) => mail.parsed.messageId),
    ...refusals.map((mail) => mail.message.messageId),
  ]);
  const settled: Settled = { processed: [], refused: [] };
  let failing = 0;
  const inTurn = limiter(AT_ONCE);
  const all: Promise<void>[] = [];
  const refuse = async (uid: number, message: InboundMessage, raw: string, refusal: Refusal) => {
    try {
      await inTurn(() => refuseInboundMail(context, message, raw, envelope, settings, refusal));
      failures.delete(message.messageId);
      settled.refused.push(uid);
    } catch (error) {
      failing += 1;
      options.log.error({ err: error, uid }, 'refused inbound mail could not be recorded; it stays in the mailbox');
    }
  };
  for (const { uid, message, raw, refusal } of refusals) {
    const status = stored.get(message.messageId);
    if (status !== undefined) (status === 'refused' ? settled.refused : settled.processed).push(uid);
    else all.push(refuse(uid, message, raw, refusal));
  }
  const lastOfSender = new Map<string, Promise<void>>();
  const byMessageId = new Map<string, Promise<void>>();
  for (const { uid, source, parsed } of readable) {
    const status = stored.get(parsed.messageId);
    if (status !== undefined) {
      (status === 'refused' ? settled.refused : settled.processed).push(uid);
      continue;
    }
    const before = [
      lastOfSender.get(parsed.fromAddress),
      ...[parsed.inReplyTo, ...parsed.references].map((id) => (id === null ? undefined : byMessageId.get(id))),
    ].filter((earlier): earlier is Promise<void> => earlier !== undefined);
    const done = Promise.all(before).then(async () => {
      try {
        const outcome = await inTurn(() =>
          receiveInboundMail(context, parsed, storedMailText(source), envelope, settings, { knownNew: true }),
        );
        failures.delete(parsed.messageId);
        options.onReceived?.(outcome);
        settled.processed.push(uid);
      } catch (error) {
        const attempts = (failures.get(parsed.messageId) ?? 0) + 1;
        failures.set(parsed.messageId, attempts);
        if (attempts < (options.attemptsBeforeRefusal ?? 3)) {
          failing += 1;
          options.log.error({ err: error, uid, attempts }, 'inbound mail from the mailbox could not be taken in; it is tried again');
          return;
        }
        options.log.error({ err: error, uid, attempts }, 'inbound mail failed each time it was taken in; it is recorded as refused');
        await refuse(uid, parsed, storedMailText(source), { reason: 'failed', sizeBytes: source.length, maxBytes: options.maxBytes });
      }
    });
    lastOfSender.set(parsed.fromAddress, done);
    byMessageId.set(parsed.messageId, done);
    all.push(done);
  }
  await Promise.all(all);
  return { ...settled, failing };
}

/**
 * Moves recorded mail to a folder (the processed or the refused one), one instance at a time: another instance may have moved some of it
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
 * The mails of these UIDs: first only their sizes, then the whole of each mail under the limit and only the headers
 * of each over it, so a mail too large is never downloaded.
 */
async function fetchWaiting(imap: ImapFlow, uids: readonly number[], maxBytes: number): Promise<Waiting[]> {
  if (uids.length === 0) return [];
  const sized = await imap.fetchAll(uids.join(','), { uid: true, size: true }, { uid: true });
  const under = sized.filter((mail) => (mail.size ?? 0) <= maxBytes).map((mail) => mail.uid);
  const over = sized.filter((mail) => (mail.size ?? 0) > maxBytes).map((mail) => mail.uid);
  const fetch = (list: number[], query: FetchQueryObject) =>
    list.length === 0 ? Promise.resolve([]) : imap.fetchAll(list.join(','), { uid: true, size: true, ...query }, { uid: true });
  const [whole, headersOnly] = await Promise.all([fetch(under, { source: true }), fetch(over, { headers: true })]);
  return [...whole, ...headersOnly]
    .sort((a, b) => a.uid - b.uid)
    .map((mail) => ({ uid: mail.uid, size: mail.size ?? mail.source?.length ?? 0, source: mail.source, headers: mail.headers }));
}

/**
 * Watches a hosted mailbox: takes in every mail waiting in it, then waits with IMAP IDLE for more. Mail is fetched in
 * batches and a batch is moved to the processed folder (refused mail to the refused folder) only after the
 * transactions of its mails committed; a crash in between leaves it in the mailbox, and reading it again finds its
 * Message-ID already stored, so it is only moved.
 */
export function startImapWatcher(context: ServiceContext, options: ImapWatcherOptions): ImapWatcher {
  let stopped = false;
  let client: ImapFlow | null = null;
  let draining: Promise<void> = Promise.resolve();
  let resolveFirst: () => void = () => {};
  const firstDrain = new Promise<void>((resolve) => (resolveFirst = resolve));
  let retry: NodeJS.Timeout | null = null;
  let retryFailed: NodeJS.Timeout | null = null;
  /** How many passes each failing mail (by Message-ID) failed in. */
  const failures = new Map<string, number>();

  const drain = async (imap: ImapFlow): Promise<void> => {
    const box = imap.mailbox;
    if (!box || box.exists === 0) return;
    const uids = await imap.search({ all: true }, { uid: true });
    if (!uids) throw new Error('the mailbox could not be searched');
    const fetchBatch = (start: number) => {
      const fetched = fetchWaiting(imap, uids.slice(start, start + BATCH), options.maxBytes);
      // Awaited below; until then a dropped connection must not count as an unhandled rejection.
      fetched.catch(() => undefined);
      return fetched;
    };
    let failing = 0;
    let fetching = uids.length > 0 ? fetchBatch(0) : null;
    for (let start = 0; fetching && !stopped; start += BATCH) {
      const messages = await fetching;
      // The next batch travels while this one is taken in: the connection is otherwise idle until the move.
      fetching = start + BATCH < uids.length ? fetchBatch(start + BATCH) : null;
      const settled = await takeInBatch(context, options, messages, failures);
      failing += settled.failing;
      // Only now, with every one of them committed: a crash before this line leaves them here, to be found stored.
      for (const [moving, folder] of [
        [settled.processed, options.processedFolder],
        [settled.refused, options.refusedFolder],
      ] as const) {
        if (moving.length === 0) continue;
        const moved = await moveTakenIn(context, imap, moving, folder);
        if (!moved)
          options.log.error(
            { uids: moving, folder },
            'recorded mail could not be moved out of the mailbox; it is read again (and only moved) later',
          );
      }
    }
    // Stopped with a batch still on its way: it stays in the mailbox for the next start.
    await fetching?.catch(() => undefined);
    // Mail that failed is tried again later even when no new mail comes to start a pass.
    if (failing > 0 && !stopped && !retryFailed)
      retryFailed = setTimeout(() => {
        retryFailed = null;
        if (!stopped && imap.usable) void scheduleDrain(imap);
      }, options.retryFailedMs ?? 60_000);
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
      await imap.mailboxCreate(options.refusedFolder).catch(() => undefined);
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
      if (retryFailed) clearTimeout(retryFailed);
      await draining;
      await client?.logout().catch(() => undefined);
    },
  };
}
