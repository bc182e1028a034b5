import net from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  autoSubmitted: string | undefined;
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
  received: ReceivedMail[];
  refuse(decide: ((recipient: string) => Refusal | null) | null): void;
  close(): Promise<void>;
}

export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let decide: ((recipient: string) => Refusal | null) | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // Loopback only: a reverse DNS lookup per connection would only slow the tests down.
    disableReverseLookup: true,
    onRcptTo(address, _session, callback) {
      const refusal = decide?.(address.address) ?? null;
      if (refusal === null) return callback();
      const error = new Error(refusal.message) as Error & { responseCode: number };
      error.responseCode = refusal.code;
      return callback(error);
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = (Array.isArray(parsed.to) ? parsed.to : parsed.to ? [parsed.to] : []).flatMap((group) =>
            group.value.map((entry) => entry.address ?? ''),
          );
          received.push({
            messageId: parsed.messageId ?? '',
            from: parsed.from?.value[0]?.address ?? '',
            to,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            autoSubmitted: parsed.headers.get('auto-submitted') as string | undefined,
          });
          callback();
        })
        .catch((error: unknown) => callback(error as Error));
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
    refuse: (next) => {
      decide = next;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
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
