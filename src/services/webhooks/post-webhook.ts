import http from 'node:http';
import https from 'node:https';
import { hostOf, refusedUrlReason, resolveAllowedAddress } from './outbound-address.js';

/** At most this much of a receiver's answer is kept with the attempt. */
export const RESPONSE_EXCERPT_BYTES = 1024;

export interface WebhookAttemptOutcome {
  statusCode: number | null;
  durationMs: number;
  responseExcerpt: string | null;
  error: string | null;
  delivered: boolean;
}

/**
 * Posts one signed body to a receiver: the name resolved and every address checked (outbound-address.ts), the
 * connection made to the checked address, redirects never followed (a 3xx is a failure), the whole exchange bounded
 * by `timeoutMs`. Only a 2xx answer counts as delivered. Never throws: every failure is an outcome to record.
 */
export async function postWebhook(
  target: string,
  headers: Record<string, string>,
  body: string,
  options: { allowPrivate: boolean; timeoutMs: number },
): Promise<WebhookAttemptOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const failed = (error: string, statusCode: number | null = null, responseExcerpt: string | null = null): WebhookAttemptOutcome => ({
    statusCode,
    durationMs: elapsed(),
    responseExcerpt,
    error,
    delivered: false,
  });
  const refused = refusedUrlReason(target, options.allowPrivate);
  if (refused) return failed(`refused: ${refused}`);
  const url = new URL(target);
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const host = hostOf(url);
    const { address } = await resolveAllowedAddress(host, options.allowPrivate);
    const secure = url.protocol === 'https:';
    const response = await new Promise<{ statusCode: number; location: string | undefined; excerpt: string }>((resolve, reject) => {
      const request = (secure ? https : http).request(
        {
          host: address,
          port: url.port || (secure ? 443 : 80),
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          // The certificate is checked against the name, the connection goes to the address checked above.
          ...(secure ? { servername: host === address ? undefined : host } : {}),
          headers: { ...headers, host: url.host, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          signal,
        },
        (res) => {
          const chunks: Buffer[] = [];
          let kept = 0;
          const finish = () => {
            res.destroy();
            resolve({
              statusCode: res.statusCode ?? 0,
              location: res.headers.location,
              excerpt: Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8'),
            });
          };
          res.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            kept += chunk.length;
            // A large answer is not read to its end: the excerpt is all that is kept.
            if (kept >= RESPONSE_EXCERPT_BYTES) finish();
          });
          res.on('end', finish);
          res.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
    const excerpt = response.excerpt.length > 0 ? response.excerpt : null;
    if (response.statusCode >= 200 && response.statusCode < 300) {
      return { statusCode: response.statusCode, durationMs: elapsed(), responseExcerpt: excerpt, error: null, delivered: true };
    }
    if (response.statusCode >= 300 && response.statusCode < 400) {
      return failed(`redirect not followed (Location: ${response.location ?? 'none'})`, response.statusCode, excerpt);
    }
    return failed(`HTTP ${response.statusCode}`, response.statusCode, excerpt);
  } catch (error) {
    if (signal.aborted) return failed(`timed out after ${options.timeoutMs} ms`);
    return failed(error instanceof Error ? error.message : String(error));
  }
}
