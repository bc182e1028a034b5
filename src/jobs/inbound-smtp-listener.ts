import fs from 'node:fs';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { headerBlockOf, parseInboundMail, readMailHeaders, storedMailText } from '../mail/inbound-message.js';
import { refuseInboundMail } from '../services/inbound-mail/refuse-inbound-mail.js';

export { addressOf } from '../mail/mailbox-addresses.js';
import type { ServiceContext } from '../services/context.js';
import { receiveInboundMail, type InboundOutcome } from '../services/inbound-mail/receive-inbound-mail.js';
import type { JobLogger } from './scheduler.js';

export interface InboundSmtpOptions {
  port: number;
  host?: string;
  /** Lower-case addresses mail is accepted for; anything else is refused at RCPT TO. */
  addresses: readonly string[];
  maxBytes: number;
  /** Our own addresses (the inbound ones and the sender of CaseDesk's mail): mail from them is never answered. */
  ownAddresses: readonly string[];
  ratePerHour?: number;
  /** STARTTLS with this certificate and key (PEM files, read at start); `required`: no MAIL FROM before it. */
  tls?: { certFile: string; keyFile: string; required: boolean } | null;
  log: JobLogger & { info(details: Record<string, unknown>, message: string): void };
  /** For tests: hears each outcome after its transaction committed. */
  onReceived?: (outcome: InboundOutcome) => void;
}

export interface InboundSmtpListener {
  port: number;
  stop(): Promise<void>;
}

/** An SMTP error whose code the client sees (`smtp-server` reads `responseCode`). */
function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

function readAll(stream: SMTPServerDataStream): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/**
 * Listens for mail the company's mail server forwards. A mail is answered `250` only after the transaction that
 * stores it and opens or threads its case has committed; any failure is `451` so the sending server tries again,
 * and the Message-ID makes the retry harmless.
 */
export async function startInboundSmtp(context: ServiceContext, options: InboundSmtpOptions): Promise<InboundSmtpListener> {
  const accepted = new Set(options.addresses.map((address) => address.toLowerCase()));
  const tls = options.tls ?? null;
  const server = new SMTPServer({
    name: new URL(context.publicUrl).hostname,
    banner: 'CaseDesk inbound mail',
    // Mail arrives from the company's own mail server; it does not sign in. STARTTLS is offered when configured.
    authOptional: true,
    disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(tls ? { key: fs.readFileSync(tls.keyFile), cert: fs.readFileSync(tls.certFile) } : {}),
    // CaseDesk never uses the sending server's DNS name; looking it up held each connection's greeting (up to 1.5 s).
    disableReverseLookup: true,
    size: options.maxBytes,
    logger: false,
    onMailFrom(_address, session, callback) {
      if (tls?.required && !session.secure) callback(smtpError(530, '5.7.0 Must issue a STARTTLS command first'));
      else callback();
    },
    onRcptTo(address, _session, callback) {
      if (accepted.has(address.address.toLowerCase())) callback();
      else callback(smtpError(550, `5.1.1 <${address.address}>: CaseDesk takes no mail for this address`));
    },
    onData(stream, session, callback) {
      readAll(stream)
        .then(async (raw) => {
          if (stream.sizeExceeded) throw smtpError(552, `5.3.4 Message too big: CaseDesk takes mail up to ${options.maxBytes} bytes`);
          const to = session.envelope.rcptTo[0]?.address.toLowerCase() ?? null;
          const message = await parseInboundMail(raw).catch(async (error: unknown) => {
            // Recorded for staff to see (refused, unreadable), and refused for good: the sending server tells its sender.
            options.log.error({ err: error }, 'inbound mail could not be read as a mail; it is recorded as refused');
            const headers = headerBlockOf(raw);
            await refuseInboundMail(
              context,
              await readMailHeaders(headers, raw),
              storedMailText(raw),
              { to },
              { ownAddresses: options.ownAddresses },
              { reason: 'unreadable', sizeBytes: raw.length, maxBytes: options.maxBytes },
            );
            throw smtpError(554, '5.6.0 CaseDesk could not read this mail; please send it again as a plain mail');
          });
          const outcome = await receiveInboundMail(
            context,
            message,
            storedMailText(raw),
            { to },
            {
              ownAddresses: options.ownAddresses,
              ...(options.ratePerHour !== undefined ? { ratePerHour: options.ratePerHour } : {}),
            },
          );
          options.log.info(
            { inboundMailId: outcome.inboundMailId, status: outcome.status, duplicate: outcome.duplicate },
            'inbound mail taken in',
          );
          options.onReceived?.(outcome);
          callback(null, `Taken in as ${outcome.inboundMailId}`);
        })
        .catch((error: unknown) => {
          if (error instanceof Error && 'responseCode' in error) return callback(error);
          options.log.error({ err: error }, 'inbound mail could not be stored; the sender will try again');
          callback(smtpError(451, '4.3.0 CaseDesk could not store the mail just now; try again later'));
        });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => options.log.error({ err: error }, 'inbound SMTP connection failed'));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
