import { createHmac } from 'node:crypto';

/**
 * DingTalk's signed robot: `timestamp` (Unix milliseconds) and `sign` — base64 of HMAC-SHA256 keyed with the secret
 * over "timestamp\nsecret" — as query parameters, URL-encoded.
 */
export function dingTalkSignedUrl(url: string, secret: string, nowMs: number): string {
  const timestamp = String(nowMs);
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  const signed = new URL(url);
  signed.searchParams.set('timestamp', timestamp);
  signed.searchParams.set('sign', sign);
  return signed.toString();
}

/**
 * Feishu/Lark's signed bot: `timestamp` (Unix seconds, as a string) and `sign` in the body — base64 of HMAC-SHA256
 * keyed with "timestamp\nsecret" over nothing.
 */
export function feishuSignature(secret: string, nowMs: number): { timestamp: string; sign: string } {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { timestamp, sign: createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64') };
}
