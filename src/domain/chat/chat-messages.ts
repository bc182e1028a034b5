/**
 * Chat notifications: the robots and incoming webhooks of team chats a user or a position may add as a target, and
 * the message each of them takes. Pure: the words come in already in the recipient's language, and signing (which
 * needs the clock and HMAC) is done by the sender.
 */
export const CHAT_KINDS = ['wecom', 'dingtalk', 'feishu', 'slack', 'teams'] as const;
export type ChatKind = (typeof CHAT_KINDS)[number];

/** Kinds whose robot can be protected by a signing secret the sender signs each message with. */
export const SIGNED_CHAT_KINDS: readonly ChatKind[] = ['dingtalk', 'feishu'];

export function isChatKind(value: unknown): value is ChatKind {
  return (CHAT_KINDS as readonly unknown[]).includes(value);
}

/** One message, in the words of its recipient: a headline, labelled facts, and a link to open. */
export interface ChatMessage {
  title: string;
  facts: { label: string; value: string }[];
  link: { label: string; url: string };
}

/** Markdown of the chats that read it (WeCom, DingTalk, Feishu's lark_md): the characters that would mark text up. */
function markdownText(value: string): string {
  return value.replace(/([\\`*_[\]#>~|])/g, '\\$1').replace(/\r?\n/g, ' ');
}

/** Slack's mrkdwn: only &, < and > have to be escaped. */
function slackText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack's header block takes at most 150 characters of plain text. */
function clipped(value: string, length: number): string {
  return value.length <= length ? value : `${value.slice(0, length - 1)}…`;
}

/** The JSON body each kind of chat takes for `message` (before signing). */
export function chatBody(kind: ChatKind, message: ChatMessage): Record<string, unknown> {
  const { title, facts, link } = message;
  switch (kind) {
    case 'wecom':
      return {
        msgtype: 'markdown',
        markdown: {
          content: [
            `**${markdownText(title)}**`,
            ...facts.map((fact) => `> ${markdownText(fact.label)}: ${markdownText(fact.value)}`),
            `[${markdownText(link.label)}](${link.url})`,
          ].join('\n'),
        },
      };
    case 'dingtalk':
      return {
        msgtype: 'markdown',
        markdown: {
          title: clipped(title, 100),
          text: [
            `#### ${markdownText(title)}`,
            '',
            ...facts.map((fact) => `- **${markdownText(fact.label)}**: ${markdownText(fact.value)}`),
            '',
            `[${markdownText(link.label)}](${link.url})`,
          ].join('\n'),
        },
      };
    case 'feishu':
      return {
        msg_type: 'interactive',
        card: {
          config: { wide_screen_mode: true },
          header: { template: 'red', title: { tag: 'plain_text', content: title } },
          elements: [
            {
              tag: 'div',
              fields: facts.map((fact) => ({
                is_short: true,
                text: { tag: 'lark_md', content: `**${markdownText(fact.label)}**\n${markdownText(fact.value)}` },
              })),
            },
            {
              tag: 'action',
              actions: [{ tag: 'button', type: 'primary', text: { tag: 'plain_text', content: link.label }, url: link.url }],
            },
          ],
        },
      };
    case 'slack':
      return {
        // The notification text of phones and of clients that show no blocks.
        text: `${title} ${link.url}`,
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: clipped(title, 150) } },
          {
            type: 'section',
            fields: facts.map((fact) => ({ type: 'mrkdwn', text: `*${slackText(fact.label)}*\n${slackText(fact.value)}` })),
          },
          { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: clipped(link.label, 75) }, url: link.url }] },
        ],
      };
    case 'teams':
      // A message with an Adaptive Card attachment: what Teams Workflows webhooks take (Office 365 connectors and
      // their MessageCard are retired). Nothing here needs a card version newer than 1.4.
      return {
        type: 'message',
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            contentUrl: null,
            content: {
              $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
              type: 'AdaptiveCard',
              version: '1.4',
              msteams: { width: 'Full' },
              body: [
                { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', color: 'Attention', wrap: true },
                { type: 'FactSet', facts: facts.map((fact) => ({ title: fact.label, value: fact.value })) },
              ],
              actions: [{ type: 'Action.OpenUrl', title: link.label, url: link.url }],
            },
          },
        ],
      };
  }
}

/**
 * Why a chat refused a message it answered with 2xx, or null when it took it: the robots of WeCom and DingTalk answer
 * `{"errcode": 0}` on success and another code (a wrong signature, a keyword missing, too many messages) otherwise;
 * Feishu answers `code` (or the older `StatusCode`) 0. Slack and Teams answer an error status instead.
 */
export function chatAnswerRefusal(kind: ChatKind, answer: string | null): string | null {
  if (kind === 'slack' || kind === 'teams' || answer === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const fields = parsed as Record<string, unknown>;
  const code = kind === 'feishu' ? (fields.code ?? fields.StatusCode) : fields.errcode;
  if (code === undefined || code === 0) return null;
  const text = kind === 'feishu' ? (fields.msg ?? fields.StatusMessage) : fields.errmsg;
  return `refused by the chat: code ${String(code)}${typeof text === 'string' ? ` (${text})` : ''}`;
}
