import type { Transporter } from 'nodemailer';

export interface MailToSend {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
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
  send(mail: MailToSend): Promise<void>;
  close(): void;
}

/** SMTP through nodemailer. A 5xx reply for the recipient is permanent; connection trouble and 4xx are retried. */
export function smtpTransport(smtpUrl: string): MailTransport {
  // nodemailer is loaded with the first mail, not at start-up.
  let transporter: Promise<Transporter> | null = null;
  const connect = () =>
    (transporter ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport(smtpUrl, {
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
        // A local relay without a certificate is common on-premises; smtps:// URLs still use TLS.
        tls: { rejectUnauthorized: false },
      }),
    ));
  return {
    async send(mail) {
      try {
        await (await connect()).sendMail({ ...mail, headers: { 'Auto-Submitted': 'auto-generated' } });
      } catch (error) {
        const responseCode = (error as { responseCode?: unknown }).responseCode;
        const permanent = typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
        throw new MailSendError(error instanceof Error ? error.message : String(error), permanent);
      }
    },
    close: () => void transporter?.then((connected) => connected.close()),
  };
}
