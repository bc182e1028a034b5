import nodemailer from 'nodemailer';

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
  const transporter = nodemailer.createTransport(smtpUrl, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // A local relay without a certificate is common on-premises; smtps:// URLs still use TLS.
    tls: { rejectUnauthorized: false },
  });
  return {
    async send(mail) {
      try {
        await transporter.sendMail({ ...mail, headers: { 'Auto-Submitted': 'auto-generated' } });
      } catch (error) {
        const responseCode = (error as { responseCode?: unknown }).responseCode;
        const permanent = typeof responseCode === 'number' && responseCode >= 500 && responseCode < 600;
        throw new MailSendError(error instanceof Error ? error.message : String(error), permanent);
      }
    },
    close: () => transporter.close(),
  };
}
