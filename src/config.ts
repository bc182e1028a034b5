import path from 'node:path';
import { z } from 'zod';

/** Environment → typed configuration, validated once at start so a typo stops start-up instead of misbehaving later. */

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const positiveInteger = (fallback: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().positive())
    // zod 4 returns a default as-is without running the transform, so it must already be the number.
    .default(fallback);

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
  CASEDESK_ESCALATION_TICK_MS: positiveInteger(10_000),
  CASEDESK_OUTBOX_TICK_MS: positiveInteger(2_000),
  CASEDESK_REQUEST_TIMEOUT_MS: positiveInteger(120_000),
  CASEDESK_HEADERS_TIMEOUT_MS: positiveInteger(20_000),
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
  escalationTickMs: number;
  outboxTickMs: number;
  /** A request (headers and body) must have arrived within this time, or it is answered 408 and closed. */
  requestTimeoutMs: number;
  /** The request line and headers must have arrived within this time. */
  headersTimeoutMs: number;
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
    escalationTickMs: env.CASEDESK_ESCALATION_TICK_MS,
    outboxTickMs: env.CASEDESK_OUTBOX_TICK_MS,
    requestTimeoutMs: env.CASEDESK_REQUEST_TIMEOUT_MS,
    // Node refuses a headers timeout longer than the request timeout.
    headersTimeoutMs: Math.min(env.CASEDESK_HEADERS_TIMEOUT_MS, env.CASEDESK_REQUEST_TIMEOUT_MS),
  };
}

/** Variables read by the test suite, not by the server; allowed so tests can run with them set. */
const KNOWN_ELSEWHERE = new Set(['CASEDESK_TEST_DATABASE_URL']);
