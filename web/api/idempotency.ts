import { useRef } from 'react';

/**
 * For a form that opens something (a case): the `Idempotency-Key` header of its request. The same body sent again —
 * the user presses the button once more after the answer was lost to a dropped connection — goes with the same key,
 * so the server answers what the first request opened instead of opening it twice; a changed form gets a new key.
 */
export function useIdempotencyKey(): { headersFor(body: unknown): Record<string, string>; done(): void } {
  const last = useRef<{ body: string; key: string } | null>(null);
  return {
    headersFor(body) {
      const sent = JSON.stringify(body);
      if (last.current?.body !== sent) last.current = { body: sent, key: randomKey() };
      // A quoted string, as the header's definition writes it.
      return { 'idempotency-key': `"${last.current.key}"` };
    },
    done() {
      last.current = null;
    },
  };
}

/** 128 random bits in hex; `crypto.randomUUID` exists only on HTTPS pages, `getRandomValues` everywhere. */
function randomKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
