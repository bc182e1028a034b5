import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { z } from 'zod';
import { isFontFile } from './services/service-records/pdf-fonts.js';
import { isKnownCountry } from './domain/contacts/phone-numbers.js';
import type { SecuritySettings } from './services/context.js';
import { DEFAULT_SMTP_POOL } from './mail/transport.js';
import { parseImapUrl } from './mail/mailbox-addresses.js';

/** Environment → typed configuration, validated once at start so a typo stops start-up instead of misbehaving later. */

/** A dead instance's claimed mail waits this long for another instance; live senders renew their claims. */
export const DEFAULT_OUTBOX_LEASE_MS = 10_000;

/** A mail larger than this is refused at the inbound SMTP port (25 MB, what common mail services accept). */
export const DEFAULT_INBOUND_MAX_BYTES = 25 * 1024 * 1024;
/** 20 MB: photos, logs and configuration dumps fit; anything bigger is likely the wrong file. */
export const DEFAULT_ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
/** A day: long enough to finish writing a message, short enough that abandoned uploads do not pile up. */
export const DEFAULT_UNSENT_UPLOAD_MAX_AGE_HOURS = 24;

/**
 * Which proxies in front of CaseDesk are believed about the client (X-Forwarded-For) and the scheme and host
 * (X-Forwarded-Proto, X-Forwarded-Host): none (false), any (true), the nearest `n`, or those at these addresses.
 */
export type TrustProxy = boolean | number | string[];

/** Names the proxy-address matcher knows for whole ranges. */
const ADDRESS_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** `10.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8` or a range name; false for anything else. */
function isProxyAddress(item: string): boolean {
  if (ADDRESS_RANGE_NAMES.has(item)) return true;
  const [address = '', prefix, ...rest] = item.split('/');
  const version = net.isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

const trustProxySetting = z
  .string()
  .trim()
  .transform((value, context): TrustProxy => {
    const lower = value.toLowerCase();
    if (lower === 'false') return false;
    if (lower === 'true') return true;
    if (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 100) return Number(value);
    const items = value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
    if (items.length > 0 && items.every(isProxyAddress)) return items;
    context.addIssue({
      code: 'custom',
      message:
        'must be false, true, the number of proxies in front (1–100), or a comma-separated list of proxy addresses ' +
        'or ranges such as 127.0.0.1,10.0.0.0/8 (loopback, linklocal and uniquelocal name whole ranges)',
    });
    return z.NEVER;
  })
  .default(false);

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const positiveInteger = (fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().positive())
    // zod 4 returns a default as-is without running the transform, so it must already be the number.
    .default(fallback);

const wholeNumberBetween = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .default(fallback);

/** The text of a PEM file holding `label` (`CERTIFICATE`, `PRIVATE KEY`), or null when it is unreadable or holds none. */
function pemFile(file: string, label: RegExp): string | null {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return new RegExp(`-----BEGIN ${label.source}-----`).test(text) ? text : null;
  } catch {
    return null;
  }
}

const CERTIFICATE = /CERTIFICATE/;
const PRIVATE_KEY = /(?:RSA |EC |ENCRYPTED )?PRIVATE KEY/;

const pemPath = (label: RegExp, what: string) =>
  z
    .string()
    .refine((file) => pemFile(file, label) !== null, `must be the path of a readable PEM file holding ${what}`)
    .transform((file) => path.resolve(file))
    .optional();

const environmentSchema = z.object({
  CASEDESK_PORT: z
    .string()
    .regex(/^\d+$/, 'must be a port number')
    .transform(Number)
    .pipe(z.number().int().min(0).max(65535))
    .default(8080),
  CASEDESK_HOST: z.string().min(1).default('0.0.0.0'),
  CASEDESK_DATA_DIR: z.string().min(1).default('./data'),
  CASEDESK_DATABASE_URL: z
    .string()
    .refine((value) => /^postgres(ql)?:\/\/.+/.test(value), 'must be a postgres:// URL (leave unset for SQLite)')
    .optional(),
  CASEDESK_SMTP_URL: z
    .string()
    .refine((value) => /^smtps?:\/\/[^/]+/.test(value), 'must look like smtp://host:port or smtps://user:pass@host:port')
    .optional(),
  CASEDESK_MAIL_FROM: z.string().min(3).default('CaseDesk <casedesk@localhost>'),
  CASEDESK_LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  CASEDESK_PUBLIC_URL: z.string().url('must be an absolute URL such as https://support.example.com').optional(),
  CASEDESK_SECURE_COOKIES: z.enum(['true', 'false']).optional(),
  CASEDESK_TRUST_PROXY: trustProxySetting,
  CASEDESK_ESCALATION_TICK_MS: positiveInteger(10_000),
  CASEDESK_OUTBOX_TICK_MS: positiveInteger(2_000),
  CASEDESK_PDF_FONT: z
    .string()
    .refine(isFontFile, 'must be the path of a readable TrueType or OpenType font file (.ttf or .otf)')
    .transform((file) => path.resolve(file))
    .optional(),
  CASEDESK_SIGN_IN_MAX_FAILURES: positiveInteger(10),
  CASEDESK_SIGN_IN_MAX_FAILURES_PER_IP: positiveInteger(20),
  CASEDESK_SIGN_IN_WINDOW_MINUTES: positiveInteger(15),
  CASEDESK_SESSION_MAX_AGE_HOURS: positiveInteger(168),
  CASEDESK_DEFAULT_COUNTRY: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'must be a two-letter ISO 3166 country code such as CN')
    .transform((value) => value.toUpperCase())
    .refine(isKnownCountry, 'is not a country phone numbers are known for')
    .default('CN'),
  CASEDESK_OUTBOX_LEASE_MS: wholeNumberBetween(1_000, 600_000, DEFAULT_OUTBOX_LEASE_MS),
  CASEDESK_SMTP_CONNECTIONS: wholeNumberBetween(1, 100, DEFAULT_SMTP_POOL.maxConnections),
  CASEDESK_SMTP_MAX_MESSAGES: positiveInteger(DEFAULT_SMTP_POOL.maxMessages),
  CASEDESK_REQUEST_TIMEOUT_MS: positiveInteger(120_000),
  CASEDESK_HEADERS_TIMEOUT_MS: positiveInteger(20_000),
  CASEDESK_INBOUND_SMTP_PORT: z
    .string()
    .regex(/^\d+$/, 'must be a port number')
    .transform(Number)
    .pipe(z.number().int().min(0).max(65535))
    .optional(),
  CASEDESK_INBOUND_ADDRESSES: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((address) => address.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.email('must be a comma-separated list of e-mail addresses such as support@example.com')))
    .default([]),
  CASEDESK_INBOUND_MAX_BYTES: positiveInteger(DEFAULT_INBOUND_MAX_BYTES),
  CASEDESK_INBOUND_TLS_CERT: pemPath(CERTIFICATE, 'a certificate (its chain may follow)'),
  CASEDESK_INBOUND_TLS_KEY: pemPath(PRIVATE_KEY, 'an unencrypted private key'),
  CASEDESK_INBOUND_REQUIRE_TLS: z.enum(['true', 'false'], 'must be true or false').optional(),
  CASEDESK_IMAP_URL: z
    .string()
    .refine((value) => parseImapUrl(value) !== null, 'must look like imaps://user:pass@mail.example.com/INBOX')
    .optional(),
  CASEDESK_IMAP_PROCESSED_FOLDER: z.string().trim().min(1).default('CaseDesk/Processed'),
  CASEDESK_IMAP_REFUSED_FOLDER: z.string().trim().min(1).default('CaseDesk/Refused'),
  CASEDESK_ATTACHMENT_MAX_BYTES: wholeNumberBetween(1, 1024 * 1024 * 1024, DEFAULT_ATTACHMENT_MAX_BYTES),
  CASEDESK_UNSENT_UPLOAD_MAX_AGE_HOURS: wholeNumberBetween(1, 24 * 365, DEFAULT_UNSENT_UPLOAD_MAX_AGE_HOURS),
  CASEDESK_BACKUP_DIR: z
    .string()
    .trim()
    .min(1)
    .transform((dir) => path.resolve(dir))
    .optional(),
  CASEDESK_BACKUP_KEEP: wholeNumberBetween(1, 1000, 7),
  CASEDESK_BACKUP_EVERY_HOURS: wholeNumberBetween(1, 24 * 31, 24),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  smtpUrl: string | null;
  mailFrom: string;
  logLevel: LogLevel;
  publicUrl: string;
  secureCookies: boolean;
  /** Which proxies' forwarded headers are believed (the client address, scheme and host); false = none. */
  trustProxy: TrustProxy;
  escalationTickMs: number;
  outboxTickMs: number;
  /** A TrueType or OpenType file that service-record PDFs are printed with instead of the bundled Noto Sans SC. */
  pdfFontFile: string | null;
  security: SecuritySettings;
  defaultCountry: string;
  /** How long a dead instance's claimed mail waits before another instance sends it. */
  outboxLeaseMs: number;
  smtpConnections: number;
  smtpMaxMessages: number;
  /** A request (headers and body) must have arrived within this time, or it is answered 408 and closed. */
  requestTimeoutMs: number;
  /** The request line and headers must have arrived within this time. */
  headersTimeoutMs: number;
  /** The port CaseDesk takes forwarded mail on; null = no inbound SMTP listener. */
  inboundSmtpPort: number | null;
  /** The addresses inbound mail is accepted for (lower case); also CaseDesk's own addresses for loop detection. */
  inboundAddresses: string[];
  inboundMaxBytes: number;
  /**
   * STARTTLS on the inbound SMTP port: the PEM files of its certificate and key (read at start), and whether mail is
   * refused before STARTTLS; null = no STARTTLS.
   */
  inboundTls: { certFile: string; keyFile: string; required: boolean } | null;
  /** A hosted mailbox CaseDesk watches for inbound mail; null = none. */
  imapUrl: string | null;
  /**
   * Where customers answer case mail (its Reply-To): the first of the inbound addresses, else the watched mailbox's
   * user when that is an address; null = case mail asks them not to reply.
   */
  caseReplyTo: string | null;
  /** Where processed mail is moved in that mailbox. */
  imapProcessedFolder: string;
  /** Where refused mail (too large, unreadable, failing each time) is moved in that mailbox once recorded. */
  imapRefusedFolder: string;
  /** The largest file an upload or an inbound mail's attachment may be. */
  attachmentMaxBytes: number;
  /** A case upload never sent with a message is deleted this long after it was uploaded. */
  unsentUploadMaxAgeHours: number;
  /** Scheduled backups: a folder per run under `dir`, the newest `keep` kept; null = none. */
  backup: { dir: string; keep: number; everyHours: number } | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `CaseDesk cannot start; fix these environment variables:\n` +
        problems.map((problem) => `  ${problem.variable}: ${problem.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const relevant = Object.fromEntries(Object.entries(environment).filter(([key, value]) => key.startsWith('CASEDESK_') && value !== ''));
  const unknown = Object.keys(relevant).filter((key) => !(key in environmentSchema.shape) && !KNOWN_ELSEWHERE.has(key));
  const parsed = environmentSchema.safeParse(relevant);
  const problems = unknown.map((variable) => ({ variable, message: 'is not a CaseDesk setting (check the spelling)' }));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ variable: String(issue.path[0] ?? '?'), message: issue.message });
    }
  }
  if (parsed.success && parsed.data.CASEDESK_INBOUND_SMTP_PORT !== undefined && parsed.data.CASEDESK_INBOUND_ADDRESSES.length === 0)
    problems.push({
      variable: 'CASEDESK_INBOUND_ADDRESSES',
      message: 'must name the addresses mail is taken for when CASEDESK_INBOUND_SMTP_PORT is set',
    });
  if (parsed.success) problems.push(...inboundTlsProblems(parsed.data));
  // Behind a proxy the default address (http://localhost:<port>) is never the one people use, so every mailed link
  // would be wrong.
  if (parsed.success && parsed.data.CASEDESK_TRUST_PROXY !== false && !parsed.data.CASEDESK_PUBLIC_URL)
    problems.push({
      variable: 'CASEDESK_PUBLIC_URL',
      message:
        'must be set when CASEDESK_TRUST_PROXY is: the address people reach CaseDesk at through the proxy, such as https://support.example.com',
    });
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);

  const env = parsed.data;
  const dataDir = path.resolve(env.CASEDESK_DATA_DIR);
  const publicUrl = (env.CASEDESK_PUBLIC_URL ?? `http://localhost:${env.CASEDESK_PORT}`).replace(/\/$/, '');
  return {
    port: env.CASEDESK_PORT,
    host: env.CASEDESK_HOST,
    dataDir,
    database: env.CASEDESK_DATABASE_URL
      ? { kind: 'postgres', url: env.CASEDESK_DATABASE_URL }
      : { kind: 'sqlite', file: path.join(dataDir, 'casedesk.sqlite') },
    smtpUrl: env.CASEDESK_SMTP_URL ?? null,
    mailFrom: env.CASEDESK_MAIL_FROM,
    logLevel: env.CASEDESK_LOG_LEVEL,
    publicUrl,
    secureCookies: env.CASEDESK_SECURE_COOKIES ? env.CASEDESK_SECURE_COOKIES === 'true' : publicUrl.startsWith('https://'),
    trustProxy: env.CASEDESK_TRUST_PROXY,
    escalationTickMs: env.CASEDESK_ESCALATION_TICK_MS,
    outboxTickMs: env.CASEDESK_OUTBOX_TICK_MS,
    pdfFontFile: env.CASEDESK_PDF_FONT ?? null,
    security: {
      signInFailuresPerAccount: env.CASEDESK_SIGN_IN_MAX_FAILURES,
      signInFailuresPerIp: env.CASEDESK_SIGN_IN_MAX_FAILURES_PER_IP,
      signInWindowMs: env.CASEDESK_SIGN_IN_WINDOW_MINUTES * 60_000,
      sessionMaxAgeMs: env.CASEDESK_SESSION_MAX_AGE_HOURS * 3_600_000,
    },
    defaultCountry: env.CASEDESK_DEFAULT_COUNTRY,
    outboxLeaseMs: env.CASEDESK_OUTBOX_LEASE_MS,
    smtpConnections: env.CASEDESK_SMTP_CONNECTIONS,
    smtpMaxMessages: env.CASEDESK_SMTP_MAX_MESSAGES,
    requestTimeoutMs: env.CASEDESK_REQUEST_TIMEOUT_MS,
    // Node refuses a headers timeout longer than the request timeout.
    headersTimeoutMs: Math.min(env.CASEDESK_HEADERS_TIMEOUT_MS, env.CASEDESK_REQUEST_TIMEOUT_MS),
    inboundSmtpPort: env.CASEDESK_INBOUND_SMTP_PORT ?? null,
    inboundAddresses: env.CASEDESK_INBOUND_ADDRESSES,
    inboundMaxBytes: env.CASEDESK_INBOUND_MAX_BYTES,
    inboundTls:
      env.CASEDESK_INBOUND_TLS_CERT && env.CASEDESK_INBOUND_TLS_KEY
        ? {
            certFile: env.CASEDESK_INBOUND_TLS_CERT,
            keyFile: env.CASEDESK_INBOUND_TLS_KEY,
            required: env.CASEDESK_INBOUND_REQUIRE_TLS === 'true',
          }
        : null,
    imapUrl: env.CASEDESK_IMAP_URL ?? null,
    caseReplyTo: env.CASEDESK_INBOUND_ADDRESSES[0] ?? mailboxAddressOf(env.CASEDESK_IMAP_URL),
    imapProcessedFolder: env.CASEDESK_IMAP_PROCESSED_FOLDER,
    imapRefusedFolder: env.CASEDESK_IMAP_REFUSED_FOLDER,
    attachmentMaxBytes: env.CASEDESK_ATTACHMENT_MAX_BYTES,
    unsentUploadMaxAgeHours: env.CASEDESK_UNSENT_UPLOAD_MAX_AGE_HOURS,
    backup: env.CASEDESK_BACKUP_DIR
      ? { dir: env.CASEDESK_BACKUP_DIR, keep: env.CASEDESK_BACKUP_KEEP, everyHours: env.CASEDESK_BACKUP_EVERY_HOURS }
      : null,
  };
}

type Environment = z.infer<typeof environmentSchema>;

/** The watched mailbox's user when it is an address (most hosted mailboxes sign in with their address), lower case. */
function mailboxAddressOf(imapUrl: string | undefined): string | null {
  const user = imapUrl ? parseImapUrl(imapUrl)?.user.trim().toLowerCase() : undefined;
  return user && z.email().safeParse(user).success ? user : null;
}

/** STARTTLS needs both files, and a key that belongs to the certificate; it can be required only when it is offered. */
function inboundTlsProblems(env: Environment): { variable: string; message: string }[] {
  const cert = env.CASEDESK_INBOUND_TLS_CERT;
  const key = env.CASEDESK_INBOUND_TLS_KEY;
  if (cert && !key)
    return [
      {
        variable: 'CASEDESK_INBOUND_TLS_KEY',
        message: 'must be set too when CASEDESK_INBOUND_TLS_CERT is set (the key of that certificate)',
      },
    ];
  if (key && !cert)
    return [
      {
        variable: 'CASEDESK_INBOUND_TLS_CERT',
        message: 'must be set too when CASEDESK_INBOUND_TLS_KEY is set (the certificate of that key)',
      },
    ];
  if (!cert || !key) {
    return env.CASEDESK_INBOUND_REQUIRE_TLS === 'true'
      ? [
          {
            variable: 'CASEDESK_INBOUND_REQUIRE_TLS',
            message: 'needs CASEDESK_INBOUND_TLS_CERT and CASEDESK_INBOUND_TLS_KEY, so that STARTTLS is offered',
          },
        ]
      : [];
  }
  try {
    tls.createSecureContext({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) });
    return [];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [
      {
        variable: 'CASEDESK_INBOUND_TLS_KEY',
        message: `does not go with the certificate in CASEDESK_INBOUND_TLS_CERT, or one of them is not valid PEM (${reason})`,
      },
    ];
  }
}

/** Variables read by the test suite, not by the server; allowed so tests can run with them set. */
const KNOWN_ELSEWHERE = new Set(['CASEDESK_TEST_DATABASE_URL', 'CASEDESK_CHROMIUM', 'CASEDESK_SCREENSHOTS']);
