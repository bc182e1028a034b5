import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import { CaseChangeFeed } from '../../services/cases/case-change-feed.js';
import type { ServiceContext } from '../../services/context.js';

const HEARTBEAT_MS = 25_000;

/**
 * `GET /api/v1/case-changes`: a server-sent-events stream that tells an open queue or case page which cases changed
 * (by any user, on any instance), so the page refreshes without a reload. Each event names the case, never its
 * content; the page fetches what it may see through the ordinary API.
 */
export function caseChangeRoutes(app: FastifyInstance, context: ServiceContext): void {
  const feed = new CaseChangeFeed(context);
  const open = new Set<ServerResponse>();
  // A stream never ends by itself, so the server could never close: on shutdown each one is ended (the browser
  // reconnects after `retry`, to this instance once it is back or to another one).
  app.addHook('preClose', async () => {
    for (const stream of open) stream.end();
    open.clear();
  });
  app.addHook('onClose', async () => feed.close());

  app.get(
    '/api/v1/case-changes',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['cases'],
        description:
          'Server-sent events (text/event-stream): `event: case` with `{ id, updatedAt, status, level }` for every case the caller may see when it changes, in the order of the changes (the event `id` increases). Changes made while no stream was open are not replayed: a client that reconnects reloads what it shows.',
      },
    },
    async (request, reply) => {
      const actor = request.actor!;
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
        const subscribed = await feed.subscribe(actor, (change) => {
          stream.write(
            `event: case\nid: ${change.position}\ndata: ${JSON.stringify({ id: change.id, updatedAt: change.updatedAt, status: change.status, level: change.level })}\n\n`,
          );
        });
        if (closed) subscribed();
        else unsubscribe = subscribed;
      } catch (error) {
        // The database could not say where the feed stands: end the stream; the browser reconnects by itself.
        request.log.warn({ err: error }, 'case change feed could not start');
        clearInterval(heartbeat);
        stream.end();
        return;
      }
      // Sent once the listener is in place: a client that waits for it hears every change made after it.
      stream.write(': connected\nretry: 3000\n\n');
    },
  );
}
