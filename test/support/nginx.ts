import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './server-process.js';
import { selfSignedCertificate } from './self-signed-certificate.js';

export const NGINX = '/usr/sbin/nginx';

/** Debian's nginx is installed (package nginx-light or nginx). */
export const canRunNginx = fs.existsSync(NGINX);

export interface Nginx {
  /** The HTTPS port nginx listens on, on 127.0.0.1. */
  port: number;
  /** The certificate it serves (self-signed, for localhost and 127.0.0.1), for the client to trust. */
  certificate: string;
  stop(): Promise<void>;
}

/**
 * Debian's nginx on a free port with a throwaway configuration in a temp folder: TLS in front of CaseDesk at
 * `upstreamPort`, set up as the README's "Behind a proxy" example (forwarded headers, unbuffered change feeds,
 * the body limit of an upload).
 */
export async function startNginx(options: { upstreamPort: number; clientMaxBodyBytes: number }): Promise<Nginx> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'casedesk-nginx-'));
  const tls = selfSignedCertificate();
  const port = await freePort();
  const upstream = `http://127.0.0.1:${options.upstreamPort}`;
  const forwarded = `
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $host;`;
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    `# One process, in the foreground, writing only below ${dir}.
daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 128; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port} ssl;
    server_name localhost;
    ssl_certificate ${tls.certFile};
    ssl_certificate_key ${tls.keyFile};
    client_max_body_size ${options.clientMaxBodyBytes};
    location / {
      proxy_pass ${upstream};${forwarded}
    }
    location ~ ^/api/v1/(case-changes|dashboard/changes)$ {
      proxy_pass ${upstream};${forwarded}
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 1h;
    }
  }
}
`,
  );
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-e', path.join(dir, 'error.log'), '-c', path.join(dir, 'nginx.conf')], {
    stdio: 'ignore',
  });
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let attempt = 0; ; attempt += 1) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) break;
    if (exited || attempt > 200) {
      const log = fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : '';
      child.kill('SIGKILL');
      throw new Error(`nginx did not start: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port,
    certificate: fs.readFileSync(tls.certFile, 'utf8'),
    async stop() {
      if (!exited) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await gone;
      }
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(tls.dir, { recursive: true, force: true });
    },
  };
}
