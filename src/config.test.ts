import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../test/support/self-signed-certificate.js';
import { ConfigError, loadConfig } from './config.js';

const require = createRequire(import.meta.url);

/** The problems a ConfigError carries, or a failure if loading succeeded. */
function problemsOf(environment: NodeJS.ProcessEnv): { variable: string; message: string }[] {
  try {
    loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(environment)} to stop start-up`);
}

describe('configuration from the environment', () => {
  it('runs with no settings at all: port 8080, SQLite in ./data, info logging, no SMTP', () => {
    const config = loadConfig({});
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: path.resolve('./data'),
      database: { kind: 'sqlite', file: path.join(path.resolve('./data'), 'casedesk.sqlite') },
      smtpUrl: null,
      mailFrom: 'CaseDesk <casedesk@localhost>',
      logLevel: 'info',
      publicUrl: 'http://localhost:8080',
      secureCookies: false,
      trustProxy: false,
      escalationTickMs: 10_000,
      outboxTickMs: 2_000,
      pdfFontFile: null,
      security: { signInFailuresPerAccount: 10, signInFailuresPerIp: 20, signInWindowMs: 900_000, sessionMaxAgeMs: 604_800_000 },
      defaultCountry: 'CN',
      outboxLeaseMs: 10_000,
      smtpConnections: 10,
      smtpMaxMessages: 100,
      requestTimeoutMs: 120_000,
      headersTimeoutMs: 20_000,
      inboundSmtpPort: null,
      inboundAddresses: [],
      inboundMaxBytes: 25 * 1024 * 1024,
      inboundTls: null,
      imapUrl: null,
      caseReplyTo: null,
      imapProcessedFolder: 'CaseDesk/Processed',
      imapRefusedFolder: 'CaseDesk/Refused',
      attachmentMaxBytes: 20 * 1024 * 1024,
      unsentUploadMaxAgeHours: 24,
      backup: null,
    });
  });

  it('reads the inbound mail settings: port, the addresses mail is taken for, the size limit', () => {
    const config = loadConfig({
      CASEDESK_INBOUND_SMTP_PORT: '2525',
      CASEDESK_INBOUND_ADDRESSES: ' Support@Example.com, service@example.com ,',
      CASEDESK_INBOUND_MAX_BYTES: '1000000',
    });
    expect(config.inboundSmtpPort).toBe(2525);
    expect(config.inboundAddresses).toEqual(['support@example.com', 'service@example.com']);
    expect(config.inboundMaxBytes).toBe(1_000_000);
    expect(() => loadConfig({ CASEDESK_INBOUND_ADDRESSES: 'support@example.com, not-an-address' })).toThrow(/CASEDESK_INBOUND_ADDRESSES/);
    expect(() => loadConfig({ CASEDESK_IMAP_URL: 'https://mail.example.com' })).toThrow(/CASEDESK_IMAP_URL: must look like imaps:/);
    expect(() => loadConfig({ CASEDESK_INBOUND_SMTP_PORT: '2525' })).toThrow(/CASEDESK_INBOUND_ADDRESSES: must name the addresses/);
  });

  it('answers case mail at the first inbound address, else at a watched mailbox whose user is an address', () => {
    expect(loadConfig({ CASEDESK_INBOUND_ADDRESSES: 'Service@example.com,support@example.com' }).caseReplyTo).toBe('service@example.com');
    // A hosted mailbox only: its sign-in address is where mail reaches CaseDesk.
    expect(loadConfig({ CASEDESK_IMAP_URL: 'imaps://Support%40Example.com:pw@mail.example.com/INBOX' }).caseReplyTo).toBe(
      'support@example.com',
    );
    // The inbound address wins over the mailbox's user (a shared mailbox behind an alias).
    expect(
      loadConfig({
        CASEDESK_IMAP_URL: 'imaps://it-desk%40example.com:pw@mail.example.com/INBOX',
        CASEDESK_INBOUND_ADDRESSES: 'support@example.com',
      }).caseReplyTo,
    ).toBe('support@example.com');
    // A user that is not an address says nothing of where mail reaches the mailbox: no Reply-To until the address is set.
    expect(loadConfig({ CASEDESK_IMAP_URL: 'imaps://support:pw@mail.example.com/INBOX' }).caseReplyTo).toBeNull();
    expect(loadConfig({}).caseReplyTo).toBeNull();
  });

  describe('STARTTLS on the inbound SMTP port', () => {
    let certificate: ReturnType<typeof selfSignedCertificate>;
    let another: ReturnType<typeof selfSignedCertificate>;
    beforeAll(() => {
      certificate = selfSignedCertificate();
      another = selfSignedCertificate();
    });
    afterAll(() => {
      for (const made of [certificate, another]) if (made) fs.rmSync(made.dir, { recursive: true, force: true });
    });

    it('offers STARTTLS with a certificate and its key, and requires it with CASEDESK_INBOUND_REQUIRE_TLS=true', () => {
      const files = { CASEDESK_INBOUND_TLS_CERT: certificate.certFile, CASEDESK_INBOUND_TLS_KEY: certificate.keyFile };
      expect(loadConfig(files).inboundTls).toEqual({ certFile: certificate.certFile, keyFile: certificate.keyFile, required: false });
      expect(loadConfig({ ...files, CASEDESK_INBOUND_REQUIRE_TLS: 'true' }).inboundTls).toEqual({
        certFile: certificate.certFile,
        keyFile: certificate.keyFile,
        required: true,
      });
      expect(loadConfig({ ...files, CASEDESK_INBOUND_REQUIRE_TLS: 'false' }).inboundTls?.required).toBe(false);
    });

    it('stops start-up when one of the two files is set without the other, naming the missing variable', () => {
      expect(problemsOf({ CASEDESK_INBOUND_TLS_CERT: certificate.certFile })).toEqual([
        {
          variable: 'CASEDESK_INBOUND_TLS_KEY',
          message: 'must be set too when CASEDESK_INBOUND_TLS_CERT is set (the key of that certificate)',
        },
      ]);
      expect(problemsOf({ CASEDESK_INBOUND_TLS_KEY: certificate.keyFile })).toEqual([
        {
          variable: 'CASEDESK_INBOUND_TLS_CERT',
          message: 'must be set too when CASEDESK_INBOUND_TLS_KEY is set (the certificate of that key)',
        },
      ]);
      expect(() => loadConfig({ CASEDESK_INBOUND_TLS_CERT: certificate.certFile, CASEDESK_INBOUND_REQUIRE_TLS: 'true' })).toThrow(
        /^CaseDesk cannot start; fix these environment variables:\n {2}CASEDESK_INBOUND_TLS_KEY: must be set too/,
      );
    });

    it('stops start-up on TLS required without STARTTLS, files that are not PEM, and a key of another certificate', () => {
      expect(problemsOf({ CASEDESK_INBOUND_REQUIRE_TLS: 'true' })).toEqual([
        {
          variable: 'CASEDESK_INBOUND_REQUIRE_TLS',
          message: 'needs CASEDESK_INBOUND_TLS_CERT and CASEDESK_INBOUND_TLS_KEY, so that STARTTLS is offered',
        },
      ]);
      expect(problemsOf({ CASEDESK_INBOUND_REQUIRE_TLS: 'yes' }).map((problem) => problem.variable)).toEqual([
        'CASEDESK_INBOUND_REQUIRE_TLS',
      ]);
      const swapped = problemsOf({ CASEDESK_INBOUND_TLS_CERT: certificate.keyFile, CASEDESK_INBOUND_TLS_KEY: certificate.certFile });
      expect(swapped.map((problem) => problem.variable).sort()).toEqual(['CASEDESK_INBOUND_TLS_CERT', 'CASEDESK_INBOUND_TLS_KEY']);
      expect(swapped[0]!.message).toMatch(/must be the path of a readable PEM file/);
      expect(
        problemsOf({ CASEDESK_INBOUND_TLS_CERT: path.join(certificate.dir, 'missing.pem'), CASEDESK_INBOUND_TLS_KEY: certificate.keyFile }),
      ).toEqual([
        {
          variable: 'CASEDESK_INBOUND_TLS_CERT',
          message: 'must be the path of a readable PEM file holding a certificate (its chain may follow)',
        },
      ]);
      const mismatched = problemsOf({ CASEDESK_INBOUND_TLS_CERT: certificate.certFile, CASEDESK_INBOUND_TLS_KEY: another.keyFile });
      expect(mismatched).toHaveLength(1);
      expect(mismatched[0]!.variable).toBe('CASEDESK_INBOUND_TLS_KEY');
      expect(mismatched[0]!.message).toMatch(/^does not go with the certificate in CASEDESK_INBOUND_TLS_CERT/);
    });
  });

  it('ignores variables outside the CASEDESK_ prefix and empty CASEDESK_ values', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root', CASEDESK_PORT: '' }).port).toBe(8080);
  });

  it('reads every documented setting', () => {
    const config = loadConfig({
      CASEDESK_PORT: '9090',
      CASEDESK_HOST: '127.0.0.1',
      CASEDESK_DATA_DIR: '/var/lib/casedesk',
      CASEDESK_DATABASE_URL: 'postgres://casedesk:secret@db.example.com:5432/casedesk',
      CASEDESK_SMTP_URL: 'smtps://mailer:pw@smtp.example.com:465',
      CASEDESK_MAIL_FROM: 'Support <support@example.com>',
      CASEDESK_LOG_LEVEL: 'debug',
      CASEDESK_PUBLIC_URL: 'https://support.example.com/',
      CASEDESK_ESCALATION_TICK_MS: '500',
      CASEDESK_OUTBOX_TICK_MS: '750',
      CASEDESK_SIGN_IN_MAX_FAILURES: '5',
      CASEDESK_SIGN_IN_MAX_FAILURES_PER_IP: '50',
      CASEDESK_SIGN_IN_WINDOW_MINUTES: '30',
      CASEDESK_SESSION_MAX_AGE_HOURS: '24',
      CASEDESK_DEFAULT_COUNTRY: 'gb',
      CASEDESK_OUTBOX_LEASE_MS: '5000',
      CASEDESK_SMTP_CONNECTIONS: '12',
      CASEDESK_SMTP_MAX_MESSAGES: '500',
      CASEDESK_REQUEST_TIMEOUT_MS: '30000',
      CASEDESK_HEADERS_TIMEOUT_MS: '5000',
      CASEDESK_INBOUND_SMTP_PORT: '2525',
      CASEDESK_INBOUND_ADDRESSES: 'support@example.com, service@example.com',
      CASEDESK_INBOUND_MAX_BYTES: '10485760',
      CASEDESK_IMAP_URL: 'imaps://support%40example.com:pw@mail.example.com/INBOX',
      CASEDESK_IMAP_PROCESSED_FOLDER: 'Done',
      CASEDESK_IMAP_REFUSED_FOLDER: 'Refused',
      CASEDESK_ATTACHMENT_MAX_BYTES: '5242880',
      CASEDESK_UNSENT_UPLOAD_MAX_AGE_HOURS: '48',
      CASEDESK_BACKUP_DIR: '/var/backups/casedesk',
      CASEDESK_BACKUP_KEEP: '14',
      CASEDESK_BACKUP_EVERY_HOURS: '6',
    });
    expect(config).toEqual({
      port: 9090,
      host: '127.0.0.1',
      dataDir: '/var/lib/casedesk',
      database: { kind: 'postgres', url: 'postgres://casedesk:secret@db.example.com:5432/casedesk' },
      smtpUrl: 'smtps://mailer:pw@smtp.example.com:465',
      mailFrom: 'Support <support@example.com>',
      logLevel: 'debug',
      // The trailing slash goes so links can be built as `${publicUrl}/path`.
      publicUrl: 'https://support.example.com',
      secureCookies: true,
      trustProxy: false,
      escalationTickMs: 500,
      outboxTickMs: 750,
      pdfFontFile: null,
      security: { signInFailuresPerAccount: 5, signInFailuresPerIp: 50, signInWindowMs: 1_800_000, sessionMaxAgeMs: 86_400_000 },
      defaultCountry: 'GB',
      outboxLeaseMs: 5_000,
      smtpConnections: 12,
      smtpMaxMessages: 500,
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 5_000,
      inboundSmtpPort: 2525,
      inboundAddresses: ['support@example.com', 'service@example.com'],
      inboundMaxBytes: 10_485_760,
      inboundTls: null,
      imapUrl: 'imaps://support%40example.com:pw@mail.example.com/INBOX',
      caseReplyTo: 'support@example.com',
      imapProcessedFolder: 'Done',
      imapRefusedFolder: 'Refused',
      attachmentMaxBytes: 5 * 1024 * 1024,
      unsentUploadMaxAgeHours: 48,
      backup: { dir: '/var/backups/casedesk', keep: 14, everyHours: 6 },
    });
  });

  it('takes CASEDESK_PDF_FONT, the TrueType or OpenType file service records are printed with', () => {
    const font = require.resolve('@expo-google-fonts/noto-sans-sc/300Light/NotoSansSC_300Light.ttf');
    expect(loadConfig({ CASEDESK_PDF_FONT: font }).pdfFontFile).toBe(font);
    // A relative path is taken from the directory the server starts in.
    const relative = path.relative(process.cwd(), font);
    expect(loadConfig({ CASEDESK_PDF_FONT: relative }).pdfFontFile).toBe(font);
  });

  it.each([
    ['a missing file', '/nonexistent/font.ttf'],
    ['a folder', '/tmp'],
    ['a file that is no font', 'package.json'],
  ])('stops start-up on CASEDESK_PDF_FONT naming %s', (_what, value) => {
    const problems = problemsOf({ CASEDESK_PDF_FONT: value });
    expect(problems).toEqual([{ variable: 'CASEDESK_PDF_FONT', message: expect.stringMatching(/TrueType or OpenType/) as unknown }]);
  });

  it('takes scheduled backups only with CASEDESK_BACKUP_DIR; keeps 7, daily, unless told otherwise', () => {
    expect(loadConfig({ CASEDESK_BACKUP_KEEP: '3' }).backup).toBeNull();
    expect(loadConfig({ CASEDESK_BACKUP_DIR: 'backups' }).backup).toEqual({ dir: path.resolve('backups'), keep: 7, everyHours: 24 });
    expect(problemsOf({ CASEDESK_BACKUP_DIR: '/b', CASEDESK_BACKUP_KEEP: '0' })).toEqual([
      { variable: 'CASEDESK_BACKUP_KEEP', message: 'must be at least 1' },
    ]);
  });

  it('keeps SQLite inside the chosen data directory when no database URL is set', () => {
    const config = loadConfig({ CASEDESK_DATA_DIR: '/srv/casedesk-data' });
    expect(config.database).toEqual({ kind: 'sqlite', file: '/srv/casedesk-data/casedesk.sqlite' });
  });

  it('accepts the postgresql:// spelling too', () => {
    expect(loadConfig({ CASEDESK_DATABASE_URL: 'postgresql://localhost/casedesk' }).database.kind).toBe('postgres');
  });

  it('derives secure cookies from the public URL unless told explicitly', () => {
    expect(loadConfig({ CASEDESK_PUBLIC_URL: 'http://intranet:8080' }).secureCookies).toBe(false);
    expect(loadConfig({ CASEDESK_PUBLIC_URL: 'https://support.example.com' }).secureCookies).toBe(true);
    expect(loadConfig({ CASEDESK_PUBLIC_URL: 'https://support.example.com', CASEDESK_SECURE_COOKIES: 'false' }).secureCookies).toBe(false);
    expect(loadConfig({ CASEDESK_SECURE_COOKIES: 'true' }).secureCookies).toBe(true);
  });

  it('builds the default public URL from the port', () => {
    expect(loadConfig({ CASEDESK_PORT: '3000' }).publicUrl).toBe('http://localhost:3000');
  });

  it('refuses a session maximum age that is not a whole number of hours, and a country that is not one', () => {
    expect(problemsOf({ CASEDESK_SESSION_MAX_AGE_HOURS: '7d' }).map((problem) => problem.variable)).toEqual([
      'CASEDESK_SESSION_MAX_AGE_HOURS',
    ]);
    expect(problemsOf({ CASEDESK_SESSION_MAX_AGE_HOURS: '0' }).map((problem) => problem.variable)).toEqual([
      'CASEDESK_SESSION_MAX_AGE_HOURS',
    ]);
    expect(problemsOf({ CASEDESK_DEFAULT_COUNTRY: 'XX' }).map((problem) => problem.variable)).toEqual(['CASEDESK_DEFAULT_COUNTRY']);
    expect(problemsOf({ CASEDESK_DEFAULT_COUNTRY: 'China' }).map((problem) => problem.variable)).toEqual(['CASEDESK_DEFAULT_COUNTRY']);
  });

  it('refuses CASEDESK_INBOUND_ADDRESSES that are not all e-mail addresses', () => {
    expect(problemsOf({ CASEDESK_INBOUND_ADDRESSES: 'support@example.com, helpdesk' })).toEqual([
      { variable: 'CASEDESK_INBOUND_ADDRESSES', message: 'must be a comma-separated list of e-mail addresses such as support@example.com' },
    ]);
    expect(loadConfig({ CASEDESK_INBOUND_ADDRESSES: ' support@example.com ,' }).inboundAddresses).toEqual(['support@example.com']);
  });

  it('allows port 0 (any free port), which tests and benchmarks use', () => {
    expect(loadConfig({ CASEDESK_PORT: '0' }).port).toBe(0);
  });

  it('tolerates the test-suite variables CASEDESK_TEST_DATABASE_URL, CASEDESK_CHROMIUM and CASEDESK_SCREENSHOTS', () => {
    expect(() => loadConfig({ CASEDESK_TEST_DATABASE_URL: 'postgres://postgres@127.0.0.1/x' })).not.toThrow();
    // .ci/run sets CASEDESK_SCREENSHOTS=0 for the whole suite, the CLI's own tests included.
    expect(() => loadConfig({ CASEDESK_CHROMIUM: '/usr/bin/chromium', CASEDESK_SCREENSHOTS: '0' })).not.toThrow();
  });

  it.each([
    ['CASEDESK_FOO', 'bar', /not a CaseDesk setting/],
    ['CASEDESK_PROT', '8080', /not a CaseDesk setting/],
    ['CASEDESK_PORT', 'abc', /port number/],
    ['CASEDESK_PORT', '-1', /port number/],
    ['CASEDESK_PORT', '8080.5', /port number/],
    ['CASEDESK_PORT', '70000', /65535/],
    ['CASEDESK_DATABASE_URL', 'mysql://root@localhost/casedesk', /postgres:\/\//],
    ['CASEDESK_DATABASE_URL', 'casedesk.sqlite', /postgres:\/\//],
    ['CASEDESK_LOG_LEVEL', 'loud', /info/],
    ['CASEDESK_LOG_LEVEL', 'INFO', /info/],
    ['CASEDESK_SMTP_URL', 'mail.example.com:25', /smtp:\/\//],
    ['CASEDESK_PUBLIC_URL', 'support.example.com', /absolute URL/],
    ['CASEDESK_SECURE_COOKIES', 'yes', /true/],
    ['CASEDESK_ESCALATION_TICK_MS', '0', />0/],
    ['CASEDESK_OUTBOX_TICK_MS', 'fast', /whole number/],
    ['CASEDESK_OUTBOX_LEASE_MS', '500', /at least 1000/],
    ['CASEDESK_OUTBOX_LEASE_MS', '3600000', /at most 600000/],
    ['CASEDESK_SMTP_CONNECTIONS', '0', /at least 1/],
    ['CASEDESK_SMTP_CONNECTIONS', 'many', /whole number/],
    ['CASEDESK_SMTP_MAX_MESSAGES', '0', />0/],
  ])('stops start-up on %s=%s, naming the variable', (variable, value, message) => {
    const problems = problemsOf({ [variable]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.variable).toBe(variable);
    expect(problems[0]!.message).toMatch(message);
  });

  it('reports every problem at once, and the error message names each variable', () => {
    let caught: unknown;
    try {
      loadConfig({ CASEDESK_FOO: 'bar', CASEDESK_PORT: 'abc', CASEDESK_DATABASE_URL: 'mysql://x', CASEDESK_LOG_LEVEL: 'loud' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.problems.map((problem) => problem.variable).sort()).toEqual([
      'CASEDESK_DATABASE_URL',
      'CASEDESK_FOO',
      'CASEDESK_LOG_LEVEL',
      'CASEDESK_PORT',
    ]);
    expect(error.message).toMatch(/^CaseDesk cannot start/);
    for (const variable of ['CASEDESK_FOO', 'CASEDESK_PORT', 'CASEDESK_DATABASE_URL', 'CASEDESK_LOG_LEVEL']) {
      expect(error.message).toContain(`${variable}:`);
    }
  });

  describe('CASEDESK_TRUST_PROXY: which proxies are believed about the client', () => {
    const behindProxy = { CASEDESK_PUBLIC_URL: 'https://support.example.com' };

    it.each([
      ['false', false],
      ['true', true],
      ['TRUE', true],
      ['2', 2],
      ['127.0.0.1', ['127.0.0.1']],
      [' 127.0.0.1 , 10.0.0.0/8,::1, fd00::/8 ', ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8']],
      ['loopback,uniquelocal', ['loopback', 'uniquelocal']],
    ])('reads %j', (value, expected) => {
      expect(loadConfig({ ...behindProxy, CASEDESK_TRUST_PROXY: value }).trustProxy).toEqual(expected);
    });

    it.each(['yes', '0', '101', '10.0.0.0/33', '::1/129', '300.1.1.1', 'proxy.example.com', '10.0.0.0/8/8'])(
      'refuses %j, naming the variable and what it accepts',
      (value) => {
        const problems = problemsOf({ ...behindProxy, CASEDESK_TRUST_PROXY: value });
        expect(problems).toHaveLength(1);
        expect(problems[0]!.variable).toBe('CASEDESK_TRUST_PROXY');
        expect(problems[0]!.message).toMatch(/comma-separated list of proxy addresses/);
      },
    );

    it('needs CASEDESK_PUBLIC_URL, the address people use through the proxy, for the links CaseDesk mails', () => {
      expect(problemsOf({ CASEDESK_TRUST_PROXY: 'loopback' })).toEqual([
        { variable: 'CASEDESK_PUBLIC_URL', message: expect.stringMatching(/must be set when CASEDESK_TRUST_PROXY is/) },
      ]);
      expect(loadConfig({ CASEDESK_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    });
  });
});
