import fs from 'node:fs';
import type { BackupSchedule } from '../../src/operations/backup/scheduled-backups.js';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Role } from '../../src/domain/access/roles.js';
import { buildApp } from '../../src/http/app.js';
import { createApiToken } from '../../src/services/auth/api-tokens.js';
import { ManualClock, systemClock, type Clock, type ServiceContext } from '../../src/services/context.js';
import { createUser } from '../../src/services/people/create-user.js';
import type { Storage } from '../../src/storage/db.js';
import { createTestDatabase, type TestDatabase, type TestDatabaseName } from './databases.js';
import { createOrganization } from '../../src/services/organizations/manage-organizations.js';

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  organizationId: string | null;
  headers: Record<string, string>;
}

/** A migrated database, the services on it and the HTTP app, driven with `inject` (no sockets needed). */
export class TestApp {
  private constructor(
    readonly database: TestDatabase,
    readonly storage: Storage,
    readonly context: ServiceContext,
    readonly app: FastifyInstance,
  ) {}

  /**
   * `filesInDataFolder`: on SQLite, files go to `files/` beside the database file, as in an installation's data folder.
   * `migrated: false`: an empty database migrated here (on PostgreSQL a schema of the shared test database) instead of
   * a copy of the run's template.
   */
  static async start(
    name: TestDatabaseName,
    options: { clock?: Clock; filesInDataFolder?: boolean; backup?: BackupSchedule; ownDatabase?: boolean; migrated?: boolean } = {},
  ): Promise<TestApp> {
    const database = await createTestDatabase(name, { migrated: options.migrated ?? true, ownDatabase: options.ownDatabase ?? false });
    const storage = await database.open();
    const filesDir =
      options.filesInDataFolder && database.target.kind === 'sqlite'
        ? path.join(path.dirname(database.target.file), 'files')
        : fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-files-'));
    const context: ServiceContext = { storage, clock: options.clock ?? systemClock, publicUrl: 'http://casedesk.test', filesDir };
    const app = await buildApp({ context, webRoot: false, backup: options.backup ?? null });
    await app.ready();
    return new TestApp(database, storage, context, app);
  }

  get clock(): ManualClock {
    if (!(this.context.clock instanceof ManualClock)) throw new Error('this TestApp runs on the system clock');
    return this.context.clock;
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.storage.close();
    await this.database.drop();
    if (this.context.filesDir) fs.rmSync(this.context.filesDir, { recursive: true, force: true });
  }

  /** Creates a user straight through the services and an API token for it. */
  async user(
    role: Role,
    options: { organizationId?: string; email?: string; name?: string; language?: 'en' | 'zh-CN'; password?: string } = {},
  ): Promise<TestUser> {
    let organizationId = options.organizationId ?? null;
    if (role === 'customer' && organizationId === null) organizationId = (await this.organization()).id;
    const email = options.email ?? `${role}-${Math.random().toString(36).slice(2, 10)}@example.com`;
    const user = await createUser(this.context, null, {
      email,
      name: options.name ?? `Test ${role}`,
      role,
      organizationId,
      language: options.language ?? 'en',
      ...(options.password ? { password: options.password } : {}),
    });
    const { token } = await createApiToken(this.context, user.id, 'test', null);
    return { id: user.id, email, role, organizationId, headers: { authorization: `Bearer ${token}` } };
  }

  async organization(name = `Customer ${Math.random().toString(36).slice(2, 8)}`): Promise<{ id: string; name: string }> {
    const organization = await createOrganization(this.context, { userId: 'system', role: 'admin', organizationId: null }, { name });
    return { id: organization.id, name: organization.name };
  }

  /**
   * The keys of the files the file store holds (`case-attachments/<id>.bin`, …): the files in the data folder on
   * SQLite, the rows of `stored_files` on PostgreSQL.
   */
  async storedFileKeys(): Promise<string[]> {
    if (this.database.name === 'postgres') {
      const rows = await this.storage.db.selectFrom('stored_files').select('key').orderBy('key').execute();
      return rows.map((row) => row.key);
    }
    const dir = this.context.filesDir;
    if (!dir || !fs.existsSync(dir)) return [];
    return (fs.readdirSync(dir, { recursive: true }) as string[])
      .map((name) => name.split(path.sep).join('/'))
      .filter((name) => name.endsWith('.bin'))
      .sort();
  }

  inject(options: InjectOptions): Promise<LightMyRequestResponse> {
    return this.app.inject(options);
  }

  async request<T = unknown>(
    as: TestUser | null,
    method: InjectOptions['method'],
    url: string,
    payload?: unknown,
  ): Promise<{ status: number; body: T; headers: LightMyRequestResponse['headers'] }> {
    const response = await this.app.inject({
      method,
      url,
      headers: as?.headers ?? {},
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    const body =
      response.body.length > 0 && /json/.test(String(response.headers['content-type'])) ? (response.json() as T) : (response.body as T);
    return { status: response.statusCode, body, headers: response.headers };
  }

  /** Uploads one file as a browser's form does (`multipart/form-data`, field `file`). */
  upload(as: TestUser, url: string, fileName: string, content: Buffer, contentType?: string): Promise<LightMyRequestResponse> {
    const boundary = '----casedesk-test-upload';
    const typeLine = contentType ? `Content-Type: ${contentType}\r\n` : '';
    return this.app.inject({
      method: 'POST',
      url,
      headers: { ...as.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n${typeLine}\r\n`),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
  }
}
