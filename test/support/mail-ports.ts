import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { startInboundSmtp, type InboundSmtpListener } from '../../src/jobs/inbound-smtp-listener.js';
import { smtpTransport } from '../../src/mail/transport.js';
import type { ServiceContext } from '../../src/services/context.js';
import { deliverDueMail, type DeliveryResult } from '../../src/services/notifications/deliver-outbox.js';
import { startSmtpSink, type SmtpSink } from '../escalations/smtp-sink.js';

/** The support address the inbound listeners of these tests take mail for. */
export const SUPPORT = 'support@casedesk.test';
const quiet = { info: () => {}, error: () => {}, debug: () => {} };

/** CaseDesk's inbound SMTP port on 127.0.0.1, taking mail for `SUPPORT` up to 1 MB. */
export function listenForMail(context: ServiceContext): Promise<InboundSmtpListener> {
  return startInboundSmtp(context, {
    port: 0,
    host: '127.0.0.1',
    addresses: [SUPPORT],
    maxBytes: 1_000_000,
    ownAddresses: [SUPPORT, 'casedesk@casedesk.test'],
    log: quiet,
  });
}

/** The relay CaseDesk's outbox sends to: an SMTP sink that keeps what it accepts, and a `deliver` that drains the outbox into it. */
export interface MailOut {
  sink: SmtpSink;
  deliver(context: ServiceContext): Promise<DeliveryResult>;
  close(): Promise<void>;
}

export async function startMailOut(): Promise<MailOut> {
  const sink = await startSmtpSink();
  const transport = smtpTransport(sink.url);
  return {
    sink,
    deliver: (context) => deliverDueMail(context, { transport, from: 'CaseDesk <casedesk@casedesk.test>', caseReplyTo: SUPPORT }),
    close: async () => {
      transport.close();
      await sink.close();
    },
  };
}

/** A mail program that sends into CaseDesk's inbound port (`listenForMail`). */
export function mailerInto(listener: InboundSmtpListener): nodemailer.Transporter<SMTPTransport.SentMessageInfo> {
  return nodemailer.createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
}
