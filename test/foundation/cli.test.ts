import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { buildApp } from '../../src/http/app.js';
import { systemClock, type ServiceContext } from '../../src/services/context.js';
import { createOrganization } from '../../src/services/organizations/manage-organizations.js';
import { createUser } from '../../src/services/people/create-user.js';
import type { Storage } from '../../src/storage/db.js';
import { pendingMigrations } from '../../src/storage/migrate.js';
import { findUserByEmail } from '../../src/storage/repositories/users.js';
import { createTestDatabase, describeOnEachDatabase, type TestDatabase } from '../support/databases.js';

/** What one CLI run printed: console.log lines, console.error lines and what commander wrote itself. */
interface CliRun {
  code: number;
  lines: string[];
  errors: string[];
  stdout: string;
  stderr: string;
}

async function casedesk(...argv: string[]): Promise<CliRun> {
  const lines: string[] = [];
  const errors: string[] = [];
  let stdout = '';
  let stderr = '';
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void lines.push(parts.map(String).join(' ')));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void errors.push(parts.map(String).join(' ')));
  // Commander prints help and usage errors straight to the streams, not through console.
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const code = await runCli(argv);
    return { code, lines, errors, stdout, stderr };
  } finally {
    log.mockRestore();
    error.mockRestore();
    out.mockRestore();
    err.mockRestore();
  }
}

const SAVED_ENVIRONMENT = { ...process.env };

function restoreEnvironment(): void {
  for (const key of Object.keys(process.env)) if (key.startsWith('CASEDESK_') && !(key in SAVED_ENVIRONMENT)) delete process.env[key];
  Object.assign(process.env, SAVED_ENVIRONMENT);
}

/** Points the CLI's own configuration (the environment) at a test database, exactly as an operator would. */
function useDatabase(database: TestDatabase): void {
  restoreEnvironment();
  delete process.env.CASEDESK_DATABASE_URL;
  delete process.env.CASEDESK_DATA_DIR;
  if (database.target.kind === 'sqlite') {
    process.env.CASEDESK_DATA_DIR = path.dirname(database.target.file);
  } else {
    const { url, schema } = database.target;
    process.env.CASEDESK_DATABASE_URL = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  }
}

describe('casedesk --help', () => {
  it.each([
    [[], ['serve', 'migrate', 'user', 'token']],
    [['serve'], ['start the API']],
    [['migrate'], ['schema up to date']],
    [['user'], ['create', 'reset-password']],
    [
      ['user', 'reset-password'],
      ['--email', '--mail', 'last line'],
    ],
    [
      ['user', 'create'],
      ['--email', '--name', '--role', '--password', '--organization', '--language', 'admin', 'customer'],
    ],
    [['token'], ['create']],
    [
      ['token', 'create'],
      ['--email', '--name', 'last line'],
    ],
  ])('casedesk %j --help exits 0 and explains itself', async (command, mentions) => {
    const run = await casedesk(...command, '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: casedesk/);
    for (const mention of mentions) expect(run.stdout).toContain(mention);
  });

  it('refuses an unknown command with a non-zero exit and the usage', async () => {
    const run = await casedesk('frobnicate');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it('stops with exit code 2 and names the variable when the configuration is wrong', async () => {
    process.env.CASEDESK_PORT = 'abc';
    try {
      const run = await casedesk('migrate');
      expect(run.code).toBe(2);
      expect(run.errors.join('\n')).toContain('CASEDESK_PORT');
    } finally {
      restoreEnvironment();
    }
  });
});

describeOnEachDatabase('the casedesk command line', (name) => {
  let database: TestDatabase;
  let storage: Storage | undefined;

  beforeAll(async () => {
    database = await createTestDatabase(name);
    useDatabase(database);
  });
  afterEach(() => useDatabase(database));
  afterAll(async () => {
    await storage?.close();
    await database.drop();
    restoreEnvironment();
  });

  /** A connection of the test's own to the same database the CLI uses, opened only after `migrate` ran. */
  async function inspect(): Promise<Storage> {
    storage ??= await database.open();
    return storage;
  }

  it('migrates a fresh database, then says it is up to date', async () => {
    const first = await casedesk('migrate');
    expect(first.code).toBe(0);
    expect(first.lines.at(-1)).toMatch(/^applied: 0001-foundation/);
    expect(await pendingMigrations(await inspect())).toEqual([]);

    const second = await casedesk('migrate');
    expect(second.code).toBe(0);
    expect(second.lines).toEqual(['the database is up to date']);
  });

  it('creates the first admin, who can then sign in with the password', async () => {
    const run = await casedesk(
      'user',
      'create',
      '--email',
      'Admin@Example.com',
      '--name',
      'First Admin',
      '--role',
      'admin',
      '--password',
      'a-long-password',
    );
    expect(run.code).toBe(0);
    expect(run.lines.at(-1)).toMatch(/^created admin admin@example.com \(id [0-9a-f-]{36}\)$/);

    const user = await findUserByEmail((await inspect()).db, 'admin@example.com');
    expect(user).toMatchObject({ role: 'admin', name: 'First Admin', organization_id: null, language: 'en' });

    const context: ServiceContext = { storage: await inspect(), clock: systemClock, publicUrl: 'http://casedesk.test' };
    const app = await buildApp({ context, webRoot: false });
    try {
      const signIn = await app.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        payload: { email: 'admin@example.com', password: 'a-long-password' },
      });
      expect(signIn.statusCode).toBe(201);
    } finally {
      await app.close();
    }
  });

  it('creates a customer user in an organisation, in Chinese', async () => {
    const context: ServiceContext = { storage: await inspect(), clock: systemClock, publicUrl: 'http://casedesk.test' };
    const organization = await createOrganization(
      context,
      { userId: 'system', role: 'admin', organizationId: null },
      { name: 'Harbour Bank' },
    );
    const run = await casedesk(
      'user',
      'create',
      '--email',
      'li.na@harbour.example',
      '--name',
      '李娜',
      '--role',
      'customer',
      '--organization',
      organization.id,
      '--language',
      'zh-CN',
    );
    expect(run.code).toBe(0);
    const user = await findUserByEmail((await inspect()).db, 'li.na@harbour.example');
    expect(user).toMatchObject({
      role: 'customer',
      name: '李娜',
      organization_id: organization.id,
      language: 'zh-CN',
      password_hash: null,
    });
  });

  it.each([
    [['--role', 'wizard'], /argument 'wizard' is invalid/, 'stderr'],
    [['--role', 'customer'], /must belong to an organisation/, 'errors'],
    [['--role', 'expert', '--password', 'short'], /at least 10/, 'errors'],
    [['--role', 'customer', '--organization', 'no-such-organisation'], /No organization with id no-such-organisation/, 'errors'],
  ] as const)('refuses user create %j with a non-zero exit and says why', async (extra, message, where) => {
    const email = `refused-${Math.random().toString(36).slice(2, 8)}@example.com`;
    const run = await casedesk('user', 'create', '--email', email, '--name', 'Refused', ...extra);
    expect(run.code).not.toBe(0);
    expect(where === 'stderr' ? run.stderr : run.errors.join('\n')).toMatch(message);
    expect(await findUserByEmail((await inspect()).db, email)).toBeUndefined();
  });

  it('prints a password reset link that sets a new password once, and with --mail queues it to the user', async () => {
    const context: ServiceContext = { storage: await inspect(), clock: systemClock, publicUrl: 'http://casedesk.test' };
    await createUser(context, null, { email: 'locked-out@example.com', name: 'Locked Out', role: 'expert', language: 'zh-CN' });
    const outbox = async () =>
      (await inspect()).db
        .selectFrom('outbox_messages')
        .select(['kind', 'subject'])
        .where('to_address', '=', 'locked-out@example.com')
        .execute();

    const printed = await casedesk('user', 'reset-password', '--email', 'Locked-Out@example.com');
    expect(printed.code).toBe(0);
    const url = printed.lines.at(-1)!;
    // The link goes to the server's public address (CASEDESK_PUBLIC_URL), the token in the fragment.
    expect(url).toMatch(/\/reset-password#token=[A-Za-z0-9_-]{43}$/);
    expect(await outbox()).toEqual([]);

    const app = await buildApp({ context, webRoot: false });
    try {
      const token = url.split('#token=')[1]!;
      const use = (newPassword: string) =>
        app.inject({ method: 'POST', url: '/api/v1/password-resets/use', payload: { token, newPassword } });
      expect((await use('set-from-the-cli-1')).statusCode).toBe(204);
      expect((await use('set-from-the-cli-2')).statusCode).toBe(400);
      const signIn = await app.inject({
        method: 'POST',
        url: '/api/v1/sessions',
        payload: { email: 'locked-out@example.com', password: 'set-from-the-cli-1' },
      });
      expect(signIn.statusCode).toBe(201);
    } finally {
      await app.close();
    }

    const mailed = await casedesk('user', 'reset-password', '--email', 'locked-out@example.com', '--mail');
    expect(mailed.code).toBe(0);
    expect(mailed.lines.join('\n')).toContain('queued');
    expect(await outbox()).toEqual([{ kind: 'password-reset', subject: '设置新的 CaseDesk 密码' }]);

    const unknown = await casedesk('user', 'reset-password', '--email', 'nobody@example.com');
    expect(unknown.code).not.toBe(0);
    expect(unknown.errors.join('\n')).toContain('nobody@example.com');
  });

  it('refuses a user create without the required options', async () => {
    const run = await casedesk('user', 'create', '--email', 'nameless@example.com');
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/required option '--name <name>' not specified/);
  });

  it('refuses an e-mail that is taken already', async () => {
    const run = await casedesk('user', 'create', '--email', 'admin@example.com', '--name', 'Second', '--role', 'manager');
    expect(run.code).toBe(1);
    expect(run.errors.join('\n')).toMatch(/admin@example.com exists already/);
  });

  it('refuses a malformed e-mail address or a blank name before touching the database', async () => {
    const badEmail = await casedesk('user', 'create', '--email', 'not-an-address', '--name', 'Nobody', '--role', 'expert');
    expect(badEmail.code).not.toBe(0);
    expect(badEmail.stderr).toMatch(/--email <email>.*must be an e-mail address/);
    expect(await findUserByEmail((await inspect()).db, 'not-an-address')).toBeUndefined();

    const blankName = await casedesk('user', 'create', '--email', 'blank@example.com', '--name', '   ', '--role', 'expert');
    expect(blankName.code).not.toBe(0);
    expect(blankName.stderr).toMatch(/--name <name>.*must not be empty/);
    expect(await findUserByEmail((await inspect()).db, 'blank@example.com')).toBeUndefined();
  });

  it('prints an API token alone on the last line, and that token authenticates API calls', async () => {
    const run = await casedesk('token', 'create', '--email', 'admin@example.com');
    expect(run.code).toBe(0);
    const token = run.lines.at(-1)!;
    expect(token).toMatch(/^\S+$/);
    expect(run.lines.slice(0, -1).join('\n')).not.toContain(token);

    const context: ServiceContext = { storage: await inspect(), clock: systemClock, publicUrl: 'http://casedesk.test' };
    const app = await buildApp({ context, webRoot: false });
    try {
      const current = await app.inject({ method: 'GET', url: '/api/v1/sessions/current', headers: { authorization: `Bearer ${token}` } });
      expect(current.statusCode).toBe(200);
      expect(current.json<{ user: { email: string; role: string } }>().user).toMatchObject({ email: 'admin@example.com', role: 'admin' });
      const users = await app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${token}` } });
      expect(users.statusCode).toBe(200);
      const forged = await app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: `Bearer ${token}x` } });
      expect(forged.statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('refuses a token for an unknown e-mail', async () => {
    const run = await casedesk('token', 'create', '--email', 'nobody@example.com');
    expect(run.code).toBe(1);
    expect(run.errors.join('\n')).toContain('nobody@example.com');
    expect(run.lines).toEqual([]);
  });
});
