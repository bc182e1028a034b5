import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parseImapUrl, startImapWatcher, type ImapWatcher } from '../../src/jobs/imap-watcher.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

const DOVECOT = '/usr/sbin/dovecot';
const quiet = { info: () => {}, error: () => {}, debug: () => {} };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Debian's dovecot on a free port with a throwaway configuration, one user and a Maildir in a temp folder. */
async function startDovecot(): Promise<{ port: number; stop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-dovecot-'));
  const port = await freePort();
  // The mail user (nobody) must reach its home below this folder.
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync(path.join(dir, 'run'));
  fs.mkdirSync(path.join(dir, 'home'));
  fs.chownSync(path.join(dir, 'home'), 65534, 65534);
  fs.writeFileSync(path.join(dir, 'passwd'), 'casedesk:{PLAIN}secret-pass::::::\n');
  fs.writeFileSync(
    path.join(dir, 'dovecot.conf'),
    `base_dir = ${dir}/run
state_dir = ${dir}/run
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=65534 gid=65534 home=${dir}/home/%u
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  inet_listener imap {
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
`,
  );
  const child: ChildProcess = spawn(DOVECOT, ['-c', path.join(dir, 'dovecot.conf'), '-F'], { stdio: 'ignore' });
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const canRunDovecot = fs.existsSync(DOVECOT) && process.getuid?.() === 0;

describeOnEachDatabase('mail into CaseDesk from a hosted mailbox over IMAP', (database) => {
  let app: TestApp;
  let admin: TestUser;
  let dovecot: { port: number; stop(): Promise<void> };
  let acme: { id: string };
  let watcher: ImapWatcher | null = null;
  let imapUrl: string;

  const mailbox = async <T>(work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.port,
      secure: false,
      auth: { user: 'casedesk', pass: 'secret-pass' },
      logger: false,
    });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout();
    }
  };
  const deliver = (messageId: string, subject: string) =>
    mailbox((client) =>
      client.append(
        'INBOX',
        [
          `From: Li Wei <li.wei@acme.test>`,
          'To: support@casedesk.test',
          `Subject: ${subject}`,
          `Message-ID: ${messageId}`,
          '',
          'Body text',
          '',
        ].join('\r\n'),
      ),
    );
  const count = (folder: string) =>
    mailbox(async (client) => {
      const status = await client.status(folder, { messages: true });
      return status ? (status.messages ?? 0) : 0;
    });
  const casesTitled = async (title: string) =>
    (await app.storage.db.selectFrom('cases').select('id').where('title', '=', title).execute()).length;
  const start = () =>
    startImapWatcher(app.context, {
      mailbox: parseImapUrl(imapUrl)!,
      processedFolder: 'Processed',
      ownAddresses: ['support@casedesk.test'],
      maxBytes: 1_000_000,
      log: quiet,
      reconnectMs: 200,
    });

  beforeAll(async () => {
    if (!canRunDovecot) throw new Error('the IMAP test needs Debian dovecot (/usr/sbin/dovecot) and root to start it');
    dovecot = await startDovecot();
    imapUrl = `imap://casedesk:secret-pass@127.0.0.1:${dovecot.port}/INBOX`;
    app = await TestApp.start(database);
    admin = await app.user('admin');
    expect((await app.request(admin, 'POST', '/api/v1/departments', { name: 'Network Service' })).status).toBe(201);
    acme = await app.organization('Acme Steel');
    expect(
      (await app.request(admin, 'POST', `/api/v1/organizations/${acme.id}/contacts`, { name: 'Li Wei', email: 'li.wei@acme.test' })).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await watcher?.stop();
    await app?.stop();
    await dovecot?.stop();
  });

  it('reads the URL of a hosted mailbox', () => {
    expect(parseImapUrl('imaps://user%40example.com:p%40ss@mail.example.com/Support')).toEqual({
      host: 'mail.example.com',
      port: 993,
      secure: true,
      user: 'user@example.com',
      password: 'p@ss',
      mailbox: 'Support',
    });
    expect(parseImapUrl('https://mail.example.com')).toBeNull();
  });

  it('takes in the mail waiting in the mailbox, then new mail by IDLE, and moves each to the processed folder', async () => {
    await deliver(`<waiting-${database}@acme.test>`, `Waiting mail ${database}`);
    watcher = start();
    await watcher.firstDrain;
    expect(await casesTitled(`Waiting mail ${database}`)).toBe(1);
    expect(await count('INBOX')).toBe(0);
    expect(await count('Processed')).toBe(1);

    await deliver(`<idle-${database}@acme.test>`, `New mail ${database}`);
    await expect.poll(() => casesTitled(`New mail ${database}`), { timeout: 10_000, interval: 100 }).toBe(1);
    await expect.poll(() => count('INBOX'), { timeout: 5_000 }).toBe(0);
  });

  it('after a restart reads nothing twice: a mail left in the mailbox though already taken in is only moved', async () => {
    await watcher!.stop();
    watcher = null;
    // As if the instance died after its commit but before the move: the same mail is in the mailbox again.
    await deliver(`<waiting-${database}@acme.test>`, `Waiting mail ${database}`);
    watcher = start();
    await watcher.firstDrain;
    expect(await casesTitled(`Waiting mail ${database}`)).toBe(1);
    expect(await count('INBOX')).toBe(0);
  });
});
