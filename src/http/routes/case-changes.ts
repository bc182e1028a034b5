import type { FastifyInstance } from 'fastify';
import type { ChangeStreams } from '../change-streams.js';

/**
 * `GET /api/v1/case-changes`: a server-sent-events stream that tells an open queue or case page which cases changed
 * (by any user, on any instance), so the page refreshes without a reload. Each event names the case, never its
 * content; the page fetches what it may see through the ordinary API.
 */
export function caseChangeRoutes(app: FastifyInstance, streams: ChangeStreams): void {
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
      await streams.serve(request, reply, 'case change feed', (write) =>
        streams.feed.subscribe(actor, (change) =>
          write(
            `event: case\nid: ${change.position}\ndata: ${JSON.stringify({ id: change.id, updatedAt: change.updatedAt, status: change.status, level: change.level })}\n\n`,
          ),
        ),
      );
    },
  );
}
