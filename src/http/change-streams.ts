import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { CaseChangeFeed } from '../services/cases/case-change-feed.js';
import type { ServiceContext } from '../services/context.js';

const HEARTBEAT_MS = 25_000;

/**
 * What the routes that stream case changes (`/api/v1/case-changes`, `/api/v1/dashboard/changes`) share: one change
 * feed per instance, so the database is watched once however many kinds of stream are open, and one way to serve a
 * server-sent-events stream over it.
 */
export interface ChangeStreams {
  feed: CaseChangeFeed;
  /**
   * Answers `request` with a never-ending event stream: headers, a heartbeat, `subscribe` given a writer, and
   * `: connected` once the listener is in place (a client that waits for it hears every later change). When the feed
   * cannot start (the database cannot say where it stands) the stream ends and the browser reconnects by itself.
   */
  serve(
    request: FastifyRequest,
    reply: FastifyReply,
    feedName: string,
    subscribe: (write: (event: string) => void) => Promise<() => void>,
  ): Promise<void>;
}

export function changeStreams(app: FastifyInstance, context: ServiceContext): ChangeStreams {
  const feed = new CaseChangeFeed(context);
  const open = new Set<ServerResponse>();
  // A stream never ends by itself, so the server could never close: on shutdown each one is ended (the browser
  // reconnects after `retry`, to this instance once it is back or to another one).
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
    open.clear();
  });
  app.addHook('onClose', async () => feed.close());

  async function serve(
    request: FastifyRequest,
    reply: FastifyReply,
    feedName: string,
    subscribe: (write: (event: string) => void) => Promise<() => void>,
  ): Promise<void> {
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': request.id,
    });
    let closed = false;
    let unsubscribe = (): void => undefined;
    const heartbeat = setInterval(() => stream.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    open.add(stream);
    request.raw.on('close', () => {
      closed = true;
      open.delete(stream);
      clearInterval(heartbeat);
      unsubscribe();
    });
    try {
      const subscribed = await subscribe((event) => {
        if (!closed) stream.write(event);
      });
      if (closed) subscribed();
      else unsubscribe = subscribed;
    } catch (error) {
      request.log.warn({ err: error }, `${feedName} could not start`);
      clearInterval(heartbeat);
      stream.end();
      return;
    }
    stream.write(': connected\nretry: 3000\n\n');
  }

  return { feed, serve };
}
