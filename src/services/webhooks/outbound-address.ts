import { lookup } from 'node:dns/promises';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may be sent. Only public unicast addresses, unless the admin allows private targets: no loopback,
 * link-local, RFC 1918, unique-local (fc00::/7), carrier-grade NAT (100.64/10), unspecified (0.0.0.0, ::),
 * IPv4-mapped IPv6 or other special ranges, so a subscription cannot make CaseDesk reach into its own network.
 */
export function isRefusedAddress(address: string, allowPrivate: boolean): boolean {
  if (!ipaddr.isValid(address)) return true;
  const parsed = ipaddr.parse(address);
  const range = parsed.range();
  // Multicast and broadcast are never a receiver, private or not.
  if (range === 'multicast' || range === 'broadcast') return true;
  if (allowPrivate) return false;
  return range !== 'unicast';
}

/** Why a URL is refused as a webhook target, or null when it may be subscribed (before any name is resolved). */
export function refusedUrlReason(url: string, allowPrivate: boolean): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not-a-url';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'not-http';
  if (parsed.username || parsed.password) return 'credentials';
  const host = hostOf(parsed);
  if (net.isIP(host)) return isRefusedAddress(host, allowPrivate) ? 'private-address' : null;
  if (!allowPrivate && (host === 'localhost' || host.endsWith('.localhost'))) return 'private-address';
  return null;
}

/** The URL's host without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

export class RefusedAddressError extends Error {
  constructor(readonly address: string) {
    super(`refused: ${address} is a private, loopback or link-local address`);
    this.name = 'RefusedAddressError';
  }
}

/**
 * The address to connect to for `host`: resolved once, every address it resolves to checked, and the connection then
 * made to that checked address (never resolved again), so a name cannot point elsewhere between check and use.
 */
export async function resolveAllowedAddress(host: string, allowPrivate: boolean): Promise<{ address: string; family: number }> {
  if (net.isIP(host)) {
    if (isRefusedAddress(host, allowPrivate)) throw new RefusedAddressError(host);
    return { address: host, family: net.isIP(host) };
  }
  const addresses = await lookup(host, { all: true, verbatim: true });
  const refused = addresses.find((entry) => isRefusedAddress(entry.address, allowPrivate));
  if (refused) throw new RefusedAddressError(refused.address);
  const first = addresses[0];
  if (!first) throw new Error(`${host} resolves to no address`);
  return first;
}

/** At subscription time: the URL's form and, when its name resolves now, the addresses it resolves to. */
export async function refusedTargetReason(url: string, allowPrivate: boolean): Promise<string | null> {
  const reason = refusedUrlReason(url, allowPrivate);
  if (reason) return reason;
  const host = hostOf(new URL(url));
  try {
    await resolveAllowedAddress(host, allowPrivate);
  } catch (error) {
    if (error instanceof RefusedAddressError) return 'private-address';
    // A name that does not resolve now may later; each delivery checks it again.
  }
  return null;
}
