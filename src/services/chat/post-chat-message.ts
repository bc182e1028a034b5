import { chatAnswerRefusal, type ChatKind } from '../../domain/chat/chat-messages.js';
import { postWebhook, type WebhookAttemptOutcome } from '../webhooks/post-webhook.js';
import { dingTalkSignedUrl, feishuSignature } from './sign-chat.js';

/**
 * Posts one message body to a chat target, signed where the chat signs (DingTalk in the query, Feishu in the body)
 * at the moment of sending. Goes through the webhook sender's guard (outbound-address.ts: private, loopback and
 * link-local addresses refused unless the admin allows them; no redirects) and counts a robot's 2xx answer that
 * carries an error code as a failure. Never throws.
 */
export async function postChatMessage(
  target: { kind: ChatKind; url: string; secret: string | null },
  bodyJson: string,
  options: { allowPrivate: boolean; timeoutMs: number; nowMs: number },
): Promise<WebhookAttemptOutcome> {
  let url = target.url;
  let body = bodyJson;
  if (target.secret && target.kind === 'dingtalk') {
    try {
      url = dingTalkSignedUrl(target.url, target.secret, options.nowMs);
    } catch {
      // Not a URL: postWebhook refuses it as such.
    }
  }
  if (target.secret && target.kind === 'feishu') {
    body = JSON.stringify({ ...feishuSignature(target.secret, options.nowMs), ...(JSON.parse(bodyJson) as Record<string, unknown>) });
  }
  const outcome = await postWebhook(url, { 'user-agent': 'CaseDesk-Chat/1' }, body, {
    allowPrivate: options.allowPrivate,
    timeoutMs: options.timeoutMs,
  });
  if (!outcome.delivered) return outcome;
  const refusal = chatAnswerRefusal(target.kind, outcome.responseExcerpt);
  return refusal ? { ...outcome, delivered: false, error: refusal } : outcome;
}
