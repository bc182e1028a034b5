import type { Transporter } from 'nodemailer';

export interface MailToSend {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Threading: the Message-ID this mail answers, and the thread's Message-IDs separated by spaces. */
  inReplyTo?: string | undefined;
  references?: string | undefined;
  /** Where a reply goes, when it should not go to `from` (case mail: CaseDesk's inbound address). */
  replyTo?: string | undefined;
  /** The conversation this mail continues, sent as In-Reply-To and References. */
  threadMessageId?: string | null;
  /** Files the mail carries (a public reply's attachments). */
  attachments?: MailAttachment[] | undefined;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

/** Why a send failed, in the terms the outbox needs: retry later, or stop because retrying cannot help. */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MailSendError';
  }
}

export interface MailTransport {
  /** How many mails the transport can have in flight at once; the outbox sender keeps that many going. */
  readonly concurrency: number;
  send(mail: MailToSend): Promise<void>;
  close(): void;
}

/** The connection pool to the relay, per instance (`CASEDESK_SMTP_CONNECTIONS`, `CASEDESK_SMTP_MAX_MESSAGES`). */
export interface SmtpPoolOptions {
  /** Connections open at once, each carrying one mail at a time. */
  maxConnections: number;
  /** Mails over one connection before it is closed and a fresh one opened. */
  maxMessages: number;
}

export const DEFAULT_SMTP_POOL: SmtpPoolOptions = { maxConnections: 10, maxMessages: 100 };

/** `smtp://user:pass@host:port` or `smtps://…` as nodemailer options (its own URL form drops other options). */
export function smtpOptionsFrom(smtpUrl: string): { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } } {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
  };
}

/** SMTP through nodemailer. A 5xx reply for the recipient is permanent; connection trouble and 4xx are retried. */
export function smtpTransport(smtpUrl: string, pool: SmtpPoolOptions = DEFAULT_SMTP_POOL): MailTransport {
  // nodemailer is loaded with the first mail, not at start-up.
  let transporter: Promise<Transporter> | null = null;
  const connect = () =>
    (transporter ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport({
        ...smtpOptionsFrom(smtpUrl),
        // A pool keeps connections open between mails, so a burst of reports does not reconnect for each, and
        // sends over several of them at once, so one slow reply does not hold up the mails behind it.
        pool: true,
        maxConnections: pool.maxConnections,
        maxMessages: pool.maxMessages,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
        // A local relay without a certificate is common on-premises; smtps:// URLs still use TLS.
        tls: { rejectUnauthorized: false },
      }),
    ));
  // Sends in flight, so closing (at shutdown) can end them: a relay that holds the connection without answering
  // would otherwise keep the process alive for the whole socket timeout. The mail is retried later; its stable
  // Message-ID lets the receiver drop a duplicate.
  const inFlight = new Set<(error: MailSendError) => void>();
  let closed = false;
  return {
    concurrency: pool.maxConnections,
    async send(mail) {
      if (closed) throw new MailSendError('the mail transport is closed (the server is stopping)', false);
      let abort: (error: MailSendError) => void = () => undefined;
      const aborted = new Promise<never>((_resolve, reject) => (abort = reject));
      inFlight.add(abort);
      try {
        await Promise.race([(await connect()).sendMail(nodemailerMessage(mail)), aborted]);
      } catch (error) {
        if (error instanceof MailSendError) throw error;
        const responseCode = (error as { responseCode?: unknown }).responseCode;
        const permanent = typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
        throw new MailSendError(error instanceof Error ? error.message : String(error), permanent);
      } finally {
        inFlight.delete(abort);
      }
    },
    close: () => {
      closed = true;
      for (const abort of inFlight) abort(new MailSendError('the server stopped before the relay answered', false));
      inFlight.clear();
      void transporter?.then((connected) => connected.close());
    },
  };
}

/**
 * Mails of one conversation carry In-Reply-To and References, so mail programs keep them together: a case's mail its
 * own chain (`inReplyTo`, `references`), other conversations (a training's invitations) their first message.
 */
function nodemailerMessage({ threadMessageId, inReplyTo, references, ...mail }: MailToSend) {
  const thread = inReplyTo
    ? { inReplyTo, references: references ? references.split(' ') : [inReplyTo] }
    : threadMessageId
      ? { inReplyTo: threadMessageId, references: [threadMessageId] }
      : {};
  return { ...mail, ...thread, headers: { 'Auto-Submitted': 'auto-generated' } };
}
