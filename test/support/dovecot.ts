import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from './server-process.js';

export const DOVECOT = '/usr/sbin/dovecot';

/** Debian's dovecot is installed (package dovecot-imapd) and we may start it (it drops to `nobody` for the mailbox). */
export const canRunDovecot = fs.existsSync(DOVECOT) && process.getuid?.() === 0;

export interface Dovecot {
  port: number;
  /** `imap://…@127.0.0.1:<port>/<folder>`: what CASEDESK_IMAP_URL says to reach the test mailbox. */
  imapUrl(folder?: string): string;
  /** Runs `work` with an IMAP connection of its own to the test mailbox, signed in, and signs out afterwards. */
  mailbox<T>(work: (client: ImapFlow) => Promise<T>): Promise<T>;
  /** How many mails a folder holds. */
  count(folder: string): Promise<number>;
  /**
   * The bytes dovecot sent to its clients in the sessions that ended since `mark()` (each logout logs `out=`): what
   * was downloaded from the mailbox.
   */
  bytesSentSince(mark: number): number;
  /** A mark for `bytesSentSince`: how far the log is written now. */
  mark(): number;
  stop(): Promise<void>;
}

const USER = 'casedesk';
const PASSWORD = 'secret-pass';

/** Debian's dovecot on a free port with a throwaway configuration, one user and a Maildir in a temp folder. */
export async function startDovecot(): Promise<Dovecot> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-dovecot-'));
  const port = await freePort();
  // The mail user (nobody) must reach its home below this folder.
  fs.chmodSync(dir, 0o755);
  fs.mkdirSync(path.join(dir, 'run'));
  fs.mkdirSync(path.join(dir, 'home'));
  fs.chownSync(path.join(dir, 'home'), 65534, 65534);
  fs.writeFileSync(path.join(dir, 'passwd'), `${USER}:{PLAIN}${PASSWORD}::::::\n`);
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
  const mailbox = async <T>(work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user: USER, pass: PASSWORD }, logger: false });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.logout();
    }
  };
  return {
    port,
    imapUrl: (folder = 'INBOX') => `imap://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(folder)}`,
    mailbox,
    count: (folder) =>
      mailbox(async (client) => {
        const status = await client.status(folder, { messages: true }).catch(() => null);
        return status ? (status.messages ?? 0) : 0;
      }),
    mark: () => (fs.existsSync(path.join(dir, 'dovecot.log')) ? fs.statSync(path.join(dir, 'dovecot.log')).size : 0),
    bytesSentSince(mark) {
      const log = fs.readFileSync(path.join(dir, 'dovecot.log')).subarray(mark).toString('utf8');
      return [...log.matchAll(/\bout=(\d+)/g)].reduce((sum, match) => sum + Number(match[1]), 0);
    },
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
