import net from 'node:net';
import type { Readable } from 'node:stream';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  autoSubmitted: string | undefined;
  /** The conversation the mail continues (In-Reply-To), when it names one. */
  inReplyTo: string | undefined;
  /** The thread's Message-IDs and the Reply-To address, as mailparser reads them (absent in a headers-only sink). */
  references?: string[] | undefined;
  replyTo?: string | undefined;
  /** The files the mail carries, as mailparser reads them (absent in a headers-only sink). */
  attachments?: { fileName: string; contentType: string; content: Buffer }[];
  /** When the sink answered 250 for it (Date.now()). */
  acceptedAt: number;
}

/** A reply the sink gives to one recipient instead of accepting it: 5xx is permanent, 4xx asks to retry later. */
export interface Refusal {
  code: number;
  message: string;
}

/** A real SMTP server on 127.0.0.1 that keeps every message it accepts, parsed, for the test to count. */
export interface SmtpSink {
  port: number;
  url: string;
  /** Messages answered with 250, in the order they were accepted. */
  received: ReceivedMail[];
  /** Messages whose data arrived, answered or not yet (a slow relay holds them for `answerDelayMs`). */
  arrived: ReceivedMail[];
  /** The most client connections open at once, and the most messages waiting for their answer at once. */
  peakConnections: number;
  peakMessagesInFlight: number;
  refuse(decide: ((recipient: string) => Refusal | null) | null): void;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** How long the sink takes to answer each message once its data is in, like a relay that scans or queues it. */
  answerDelayMs?: number;
  /** Keep only the Message-ID and Subject (read from the headers), not the parsed mail: a benchmark's relay, not a test's. */
  headersOnly?: boolean;
}

async function parseMail(stream: Readable): Promise<Omit<ReceivedMail, 'acceptedAt'>> {
  const parsed = await simpleParser(stream);
  const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((group) =>
    group.value.map((entry) => entry.address ?? ''),
  );
  return {
    messageId: parsed.messageId ?? '',
    from: parsed.from?.value[0]?.address ?? '',
    to,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    autoSubmitted: parsed.headers.get('auto-submitted') as string | undefined,
    inReplyTo: parsed.inReplyTo,
    references: parsed.references === undefined ? undefined : [parsed.references].flat(),
    replyTo: parsed.replyTo?.value[0]?.address,
    attachments: parsed.attachments.map((file) => ({
      fileName: file.filename ?? '',
      contentType: file.contentType,
      content: file.content,
    })),
  };
}

/** The Message-ID and Subject of a raw message, from its header block (unfolded); enough for a benchmark to count. */
async function readHeaders(stream: Readable): Promise<Omit<ReceivedMail, 'acceptedAt'>> {
  let raw = '';
  for await (const chunk of stream) if (raw.length < 64_000) raw += chunk.toString();
  const head = raw.split(/\r?\n\r?\n/, 1)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
  return {
    messageId: header('Message-ID'),
    from: '',
    to: [],
    subject: header('Subject'),
    text: '',
    autoSubmitted: header('Auto-Submitted') || undefined,
    inReplyTo: header('In-Reply-To') || undefined,
  };
}

export async function startSmtpSink(port = 0, options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  const arrived: ReceivedMail[] = [];
  const answers = new Set<NodeJS.Timeout>();
  let connections = 0;
  let messagesInFlight = 0;
  let decide: ((recipient: string) => Refusal | null) | null = null;
  const sink = { peakConnections: 0, peakMessagesInFlight: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // Loopback only: a reverse DNS lookup per connection would only slow the tests down.
    disableReverseLookup: true,
    // A message held unanswered must not keep the test waiting at close.
    closeTimeout: 200,
    onConnect(_session, callback) {
      connections++;
      sink.peakConnections = Math.max(sink.peakConnections, connections);
      callback();
    },
    onClose() {
      connections--;
    },
    onRcptTo(address, _session, callback) {
      const refusal = decide?.(address.address) ?? null;
      if (refusal === null) return callback();
      const error = new Error(refusal.message) as Error & { responseCode: number };
      error.responseCode = refusal.code;
      return callback(error);
    },
    onData(stream, _session, callback) {
      messagesInFlight++;
      sink.peakMessagesInFlight = Math.max(sink.peakMessagesInFlight, messagesInFlight);
      (options.headersOnly ? readHeaders(stream) : parseMail(stream))
        .then((read) => {
          const mail: ReceivedMail = { ...read, acceptedAt: 0 };
          arrived.push(mail);
          const accept = () => {
            messagesInFlight--;
            mail.acceptedAt = Date.now();
            received.push(mail);
            callback();
          };
          if (!options.answerDelayMs) return accept();
          const answer = setTimeout(() => {
            answers.delete(answer);
            accept();
          }, options.answerDelayMs);
          answers.add(answer);
        })
        .catch((error: unknown) => {
          messagesInFlight--;
          callback(error as Error);
        });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as net.AddressInfo;
  return {
    port: address.port,
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    arrived,
    get peakConnections() {
      return sink.peakConnections;
    },
    get peakMessagesInFlight() {
      return sink.peakMessagesInFlight;
    },
    refuse: (next) => {
      decide = next;
    },
    close: () => {
      // Messages still held are never answered: to their sender it is a relay that went away mid-reply.
      for (const answer of answers) clearTimeout(answer);
      answers.clear();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port on 127.0.0.1 with nothing listening: connecting to it is refused, as during an SMTP outage. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
