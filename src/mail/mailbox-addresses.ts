// Reading mail settings needs none of the mail libraries: start-up stays small when inbound mail is off.

/** Where a hosted mailbox is and who CaseDesk is there, read from `CASEDESK_IMAP_URL`. */
export interface ImapMailbox {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string;
  mailbox: string;
}

/** `imaps://user:pass@mail.example.com/INBOX` → its parts; null when it is not such a URL. */
export function parseImapUrl(url: string): ImapMailbox | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if ((parsed.protocol !== 'imap:' && parsed.protocol !== 'imaps:') || !parsed.hostname || !parsed.username) return null;
  const secure = parsed.protocol === 'imaps:';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 993 : 143,
    secure,
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    mailbox: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'INBOX',
  };
}

/** The address part of `Support <support@example.com>`, lower case. */
export function addressOf(mailbox: string): string {
  return (/<([^<>]+)>/.exec(mailbox)?.[1] ?? mailbox).trim().toLowerCase();
}
