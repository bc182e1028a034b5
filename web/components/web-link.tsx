import type { ReactNode } from 'react';

/** Whether a stored address may be followed: http(s) only, never `javascript:`, `data:` or `file:`. */
export function isWebAddress(url: string | null | undefined): url is string {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * A link to an address someone stored (training material, a vendor's support site). The server accepts only
 * http(s) addresses; a record stored before that rule, or anything else, is shown as plain text, never as a link.
 */
export function WebLink({ url, children }: { url: string | null | undefined; children: ReactNode }) {
  if (!isWebAddress(url)) return <>{children}</>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}
