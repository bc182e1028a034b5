import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedChat {
  /** Path and query as the request line had them (the query still URL-encoded). */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
}

/**
 * A real HTTP receiver on 127.0.0.1 standing in for the chats: it answers each path the way that chat's robot answers
 * (`/wecom` and `/dingtalk` `{"errcode":0}`, `/feishu` `{"code":0}`, `/slack` `ok`, `/teams` `1`), or with the statuses
 * queued in `statuses` first.
 */
export class ChatReceiver {
  readonly received: ReceivedChat[] = [];
  readonly statuses: number[] = [];
  private server: http.Server | null = null;
  port = 0;

  async start(port = 0): Promise<void> {
    this.server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(body) as Record<string, unknown>;
        } catch {
          // Kept as text; the test says what it expected.
        }
        const url = request.url ?? '';
        this.received.push({ url, headers: request.headers, body, json });
        const status = this.statuses.shift() ?? 200;
        response.writeHead(status, { 'content-type': 'application/json' });
        if (status !== 200) return response.end(`failed with ${status}`);
        if (url.startsWith('/refusing')) return response.end('{"errcode":310000,"errmsg":"sign not match"}');
        if (url.startsWith('/wecom') || url.startsWith('/dingtalk')) return response.end('{"errcode":0,"errmsg":"ok"}');
        if (url.startsWith('/feishu')) return response.end('{"code":0,"msg":"success","data":{}}');
        response.end(url.startsWith('/teams') ? '1' : 'ok');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  on(path: string): ReceivedChat[] {
    return this.received.filter((entry) => entry.url.startsWith(path));
  }
}
