import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/db.js';
import { pendingMigrations } from '../../src/storage/migrate.js';
import { startSmtpSink, type SmtpSink } from '../escalations/smtp-sink.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { buildServerIfStale, databaseEnvironment, freePort, repoRoot, until } from '../support/server-process.js';
import { buildPreviousRelease, PREVIOUS_RELEASE, type ReleaseBuild } from './previous-release.js';

/**
 * A rolling upgrade on PostgreSQL, with the real builds: the previous release migrates an empty database and serves;
 * this release migrates the same database (the first instance upgraded) and serves beside it; both are driven at once
 * through their APIs, and the old release, restarted after the new migrations, refuses to start (exit 3).
 */

const HOUR = 3_600_000;
/** How long after it is opened a case's first upgrading report (level 1: department manager after 1 h) falls due. */
const DUE_AFTER_MS = 12_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface CaseBody {
  id: string;
  number: string;
  status: string;
  allowedTransitions: string[];
}

interface Instance {
  name: string;
  baseUrl: string;
  process: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

class Api {
  /** Every answer of 500 or more, from either instance: there must be none. */
  readonly serverErrors: string[] = [];
  constructor(private readonly token: string) {}

  async call<T>(instance: Instance, method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${instance.baseUrl}${url}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (response.status >= 500) this.serverErrors.push(`${instance.name} ${method} ${url}: ${response.status} ${text}`);
    const parsed = text.length > 0 && /json/.test(response.headers.get('content-type') ?? '') ? (JSON.parse(text) as T) : (text as T);
    return { status: response.status, body: parsed };
  }

  /** A call that must succeed with `status`; the body names what went wrong otherwise. */
  async expect<T>(status: number, instance: Instance, method: string, url: string, body?: unknown): Promise<T> {
    const response = await this.call<T>(instance, method, url, body);
    expect(response.status, `${instance.name} ${method} ${url}: ${JSON.stringify(response.body)}`).toBe(status);
    return response.body;
  }
}

describe.skipIf(!process.env.CASEDESK_TEST_DATABASE_URL)('a rolling upgrade from the previous release on one PostgreSQL database', () => {
  let release: ReleaseBuild;
  let database: TestDatabase;
  let storage: Storage;
  let sink: SmtpSink;
  const dataDirs: string[] = [];
  const instances: Instance[] = [];

  /** The environment of one instance: the shared database and relay, its own data folder; quick background ticks. */
  function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-rolling-'));
    dataDirs.push(dataDir);
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME ?? os.tmpdir(),
      CASEDESK_DATA_DIR: dataDir,
      CASEDESK_LOG_LEVEL: 'warn',
      CASEDESK_SMTP_URL: sink.url,
      CASEDESK_ESCALATION_TICK_MS: '300',
      CASEDESK_OUTBOX_TICK_MS: '300',
      ...databaseEnvironment(database.target),
      ...extra,
    };
  }

  /** `npx casedesk …` of one build, run to its end. */
  function casedesk(cli: string, argv: string[], env: NodeJS.ProcessEnv = environment()): Promise<Run> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        [cli, ...argv],
        { cwd: path.dirname(path.dirname(cli)), env, timeout: 120_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  async function serve(name: string, cli: string): Promise<Instance> {
    const port = await freePort();
    const child = spawn(process.execPath, [cli, 'serve'], {
      cwd: path.dirname(path.dirname(cli)),
      env: environment({ CASEDESK_PORT: String(port), CASEDESK_HOST: '127.0.0.1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const instance: Instance = { name, baseUrl: `http://127.0.0.1:${port}`, process: child, output: () => output, exited };
    instances.push(instance);
    await until(
      () =>
        child.exitCode === null &&
        fetch(`${instance.baseUrl}/readyz`)
          .then((response) => response.ok)
          .catch(() => false),
      `${name} to be ready`,
      90_000,
    ).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)} (exit code ${child.exitCode}): ${output}`);
    });
    return instance;
  }

  async function stop(instance: Instance): Promise<number | null> {
    if (instance.process.exitCode === null && instance.process.signalCode === null) instance.process.kill('SIGTERM');
    return instance.exited;
  }

  let buildMs = 0;
  beforeAll(async () => {
    const started = Date.now();
    release = buildPreviousRelease();
    buildMs = Date.now() - started;
    buildServerIfStale();
    database = await createTestDatabase('postgres', { ownDatabase: true });
    storage = openStorage(database.target);
    sink = await startSmtpSink();
    // Building both releases may take minutes on a loaded machine.
  }, 600_000);
  afterAll(async () => {
    for (const instance of instances) await stop(instance);
    await sink?.close();
    await storage?.close();
    await database?.drop();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the previous release and this one serve one database side by side; the old one, restarted, refuses it', async () => {
    console.log(
      `previous release ${PREVIOUS_RELEASE.commit.slice(0, 7)}: ${release.buildMs === 0 ? 'built earlier' : `built in ${release.buildMs} ms`} ` +
        `(${buildMs} ms with the check)`,
    );
    const oldCli = release.cli;
    const newCli = path.join(repoRoot, 'bin/casedesk.js');

    // 1. The previous release installs: it migrates the empty database and makes the first admin and a token.
    const installed = await casedesk(oldCli, ['migrate']);
    expect(installed.stderr).toBe('');
    expect(installed.code).toBe(0);
    expect(installed.stdout.trim()).toMatch(new RegExp(`^applied: 0001-foundation, .*${PREVIOUS_RELEASE.lastMigration}$`));
    const upgradeMigrations = await pendingMigrations(storage);
    const created = await casedesk(oldCli, [
      'user',
      'create',
      '--email',
      'admin@rolling.example',
      '--name',
      'Ada Admin',
      '--role',
      'admin',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const tokenRun = await casedesk(oldCli, ['token', 'create', '--email', 'admin@rolling.example', '--name', 'rolling-upgrade']);
    expect(tokenRun.code, tokenRun.stderr).toBe(0);
    const api = new Api(tokenRun.stdout.trim().split('\n').at(-1)!);

    // 2. It serves, and is set up the way an admin would: a department whose manager is told, a customer with a contact.
    const old = await serve('previous release', oldCli);
    const manager = await api.expect<{ id: string }>(201, old, 'POST', '/api/v1/users', {
      email: 'manager@rolling.example',
      name: 'Mia Manager',
      role: 'manager',
      language: 'en',
    });
    const department = await api.expect<{ id: string }>(201, old, 'POST', '/api/v1/departments', {
      name: 'Network Service',
      managerUserId: manager.id,
    });
    const organization = await api.expect<{ id: string }>(201, old, 'POST', '/api/v1/organizations', { name: 'Harbour Bank' });
    const contact = await api.expect<{ id: string }>(201, old, 'POST', `/api/v1/organizations/${organization.id}/contacts`, {
      name: 'Carl Contact',
      email: 'carl@harbour.example',
    });
    const caseFields = (title: string, receivedAt?: string) => ({
      organizationId: organization.id,
      contactId: contact.id,
      departmentId: department.id,
      channel: 'hotline',
      level: 1,
      title,
      description: 'The core switch drops packets.',
      ...(receivedAt ? { receivedAt } : {}),
    });
    const openCase = (instance: Instance, title: string, receivedAt?: string) =>
      api.expect<CaseBody>(201, instance, 'POST', '/api/v1/cases', caseFields(title, receivedAt));
    const openedBeforeUpgrade = [await openCase(old, 'Opened before the upgrade 1'), await openCase(old, 'Opened before the upgrade 2')];

    // 3. The first instance is upgraded: this release's migrations run while the old instance keeps serving reads and
    // writes from several clients at once (a migration's locks must neither stall them for long nor deadlock with them).
    let serving = true;
    const answersDuringMigration: { call: string; status: number }[] = [];
    const openedDuringUpgrade: CaseBody[] = [];
    const client = async (index: number): Promise<void> => {
      for (let turn = 0; serving; turn++) {
        const kind = (index + turn) % 4;
        const caseId = openedBeforeUpgrade[1]!.id;
        const call =
          kind === 0
            ? ['GET', '/api/v1/cases?view=all&limit=100']
            : kind === 1
              ? ['POST', `/api/v1/cases/${caseId}/notes`, { visibility: 'public', body: `Answered during the upgrade, ${index}.${turn}` }]
              : kind === 2
                ? ['POST', `/api/v1/cases/${caseId}/notes`, { visibility: 'internal', body: `Noted during the upgrade, ${index}.${turn}` }]
                : openedDuringUpgrade.length < 12
                  ? ['POST', '/api/v1/cases', caseFields(`Opened during the upgrade ${index}.${turn}`)]
                  : ['GET', '/api/v1/queues'];
        const [method, url, body] = call as [string, string, unknown];
        const answer = await api.call<CaseBody>(old, method, url, body);
        answersDuringMigration.push({ call: `${method} ${url}`, status: answer.status });
        if (answer.status === 201) openedDuringUpgrade.push(answer.body);
      }
    };
    const clients = [0, 1, 2, 3].map(client);
    const upgraded = await casedesk(newCli, ['migrate']);
    serving = false;
    await Promise.all(clients);
    expect(upgraded.stderr).toBe('');
    expect(upgraded.code).toBe(0);
    expect(upgraded.stdout.trim()).toBe(
      upgradeMigrations.length > 0 ? `applied: ${upgradeMigrations.join(', ')}` : 'the database is up to date',
    );
    expect(answersDuringMigration.length).toBeGreaterThan(0);
    expect(answersDuringMigration.filter((answer) => answer.status >= 300)).toEqual([]);
    const current = await serve('this release', newCli);

    // 4. Both at once. A case opened on one instance is read, worked and answered on the other.
    const openedOnNew = await openCase(current, 'Opened on the upgraded instance');
    for (const [opened, worker, reader] of [
      [openedBeforeUpgrade[0]!, current, old],
      [openedOnNew, old, current],
    ] as const) {
      const read = await api.expect<CaseBody>(200, worker, 'GET', `/api/v1/cases/${opened.id}`);
      expect(read.number).toBe(opened.number);
      expect(
        (await api.expect<CaseBody>(200, worker, 'POST', `/api/v1/cases/${opened.id}/transitions`, { to: 'in_progress' })).status,
      ).toBe('in_progress');
      await api.expect(204, worker, 'POST', `/api/v1/cases/${opened.id}/notes`, {
        visibility: 'public',
        body: `Answered from ${worker.name}`,
      });
      // The other instance sees the move and the reply, and takes the case on to resolved.
      expect((await api.expect<CaseBody>(200, reader, 'GET', `/api/v1/cases/${opened.id}`)).status).toBe('in_progress');
      const timeline = await api.expect<{ items: { kind: string; data: Record<string, unknown> }[] }>(
        200,
        reader,
        'GET',
        `/api/v1/cases/${opened.id}/timeline?limit=500`,
      );
      expect(JSON.stringify(timeline.items)).toContain(`Answered from ${worker.name}`);
      expect((await api.expect<CaseBody>(200, reader, 'POST', `/api/v1/cases/${opened.id}/transitions`, { to: 'resolved' })).status).toBe(
        'resolved',
      );
    }

    // Cases whose first upgrading report falls due in a few seconds, opened on both, while both instances tick.
    const dueAt = (): string => new Date(Date.now() - HOUR + DUE_AFTER_MS).toISOString();
    const racing: CaseBody[] = [];
    for (let index = 0; index < 3; index++) {
      racing.push(await openCase(old, `Due soon, opened on the previous release ${index}`, dueAt()));
      racing.push(await openCase(current, `Due soon, opened on this release ${index}`, dueAt()));
    }
    const allIds = [...openedBeforeUpgrade, ...openedDuringUpgrade, openedOnNew, ...racing].map((opened) => opened.id);

    // Lists and queues on both answer, each with the other's cases.
    for (const instance of [old, current]) {
      const listed = await api.expect<{ items: { id: string }[] }>(200, instance, 'GET', '/api/v1/cases?view=all&limit=100');
      expect(listed.items.map((item) => item.id).sort()).toEqual([...allIds].sort());
      const open = await api.expect<{ items: { id: string }[] }>(200, instance, 'GET', '/api/v1/cases?view=open&limit=100');
      expect(open.items.map((item) => item.id).sort()).toEqual(
        [openedBeforeUpgrade[1]!, ...openedDuringUpgrade, ...racing].map((opened) => opened.id).sort(),
      );
      const queues = await api.expect<{ views: { view: string; count: number }[] }>(200, instance, 'GET', '/api/v1/queues');
      expect(queues.views.find((view) => view.view === 'open')?.count).toBe(racing.length + openedDuringUpgrade.length + 1);
    }

    // Each due report fires once across the two instances, and its mail goes out once.
    const racingIds = racing.map((opened) => opened.id);
    await until(
      async () => {
        const fired = await storage.db
          .selectFrom('escalation_steps')
          .select('id')
          .where('case_id', 'in', racingIds)
          .where('status', '=', 'fired')
          .execute();
        return fired.length >= racing.length;
      },
      'the first upgrading report of each racing case to fire',
      DUE_AFTER_MS + 60_000,
    );
    const steps = await storage.db
      .selectFrom('escalation_steps')
      .select(['case_id', 'position', 'status', 'fired_at'])
      .where('case_id', 'in', racingIds)
      .where('position', '=', 'department-manager')
      .execute();
    expect(steps.map((step) => step.case_id).sort()).toEqual([...racingIds].sort());
    expect(steps.filter((step) => step.status !== 'fired')).toEqual([]);
    const firedEvents = await storage.db
      .selectFrom('case_events')
      .select('case_id')
      .where('kind', '=', 'escalation.fired')
      .where('case_id', 'in', racingIds)
      .execute();
    expect(firedEvents.map((event) => event.case_id).sort()).toEqual([...racingIds].sort());
    const escalationMails = await storage.db
      .selectFrom('outbox_messages')
      .select(['case_id', 'to_address'])
      .where('kind', '=', 'escalation')
      .where('case_id', 'in', racingIds)
      .execute();
    expect(escalationMails.map((mail) => mail.case_id).sort()).toEqual([...racingIds].sort());
    expect(new Set(escalationMails.map((mail) => mail.to_address))).toEqual(new Set(['manager@rolling.example']));

    // Every mail either instance queued (acknowledgements, public replies, reports) is sent, each once.
    await until(
      async () => {
        const unsent = await storage.db.selectFrom('outbox_messages').select('id').where('status', '!=', 'sent').execute();
        return unsent.length === 0;
      },
      'the outbox to drain',
      60_000,
    );
    const sent = await storage.db.selectFrom('outbox_messages').select(['message_id', 'kind']).execute();
    await until(() => sink.received.length >= sent.length, 'the relay to have every mail', 10_000);
    expect(sink.received.map((mail) => mail.messageId).sort()).toEqual(sent.map((row) => row.message_id).sort());
    expect(sent.filter((row) => row.kind === 'escalation')).toHaveLength(racing.length);

    expect(api.serverErrors).toEqual([]);
    for (const instance of [old, current]) expect(instance.output()).not.toMatch(/"level":(50|60)/);

    // 5. An old instance that restarts now refuses the database it no longer knows, and says what to do. (A release
    // without migrations of its own leaves the database as the previous one knows it; then the old one starts again.)
    expect(await stop(old)).toBe(0);
    if (upgradeMigrations.length > 0) {
      const restarted = await casedesk(
        oldCli,
        ['serve'],
        environment({ CASEDESK_PORT: String(await freePort()), CASEDESK_HOST: '127.0.0.1' }),
      );
      expect(restarted.code).toBe(3);
      expect(restarted.stderr).toMatch(/upgraded by a newer CaseDesk release/);
      for (const name of upgradeMigrations) expect(restarted.stderr).toContain(name);
      expect(restarted.stderr).toMatch(/Nothing was changed\. Install that release \(or a later one\)/);
    } else {
      await stop(await serve('previous release, restarted', oldCli));
    }
    // The upgraded instance serves on.
    await api.expect(200, current, 'GET', '/api/v1/cases?view=all&limit=1');
    expect(await stop(current)).toBe(0);
  }, 600_000);
});
