import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Where the request being served came from, for the audit log: the HTTP door sets it around each request's handling
 * (`withClientAddress`), and every change recorded meanwhile carries it (`recordChange`), however deep in a service
 * it is recorded. Work no request started (jobs, the command line) has none.
 *
 * The address is what the HTTP server resolved: behind a proxy CaseDesk trusts (`CASEDESK_TRUST_PROXY`) the client
 * the proxy saw, otherwise the peer of the connection.
 */
const origins = new AsyncLocalStorage<{ clientAddress: string | null }>();

/** Runs `work` (and everything it starts) as done for a client at `clientAddress`. */
export function withClientAddress<T>(clientAddress: string | null | undefined, work: () => T): T {
  return origins.run({ clientAddress: clientAddress || null }, work);
}

/** The client address of the request being served; null outside a request. */
export function currentClientAddress(): string | null {
  return origins.getStore()?.clientAddress ?? null;
}
