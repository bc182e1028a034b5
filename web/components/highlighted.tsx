import { Fragment } from 'react';

/** A snippet as text with its matches in `<mark>`: the server sends plain text and ranges, never HTML. */
export function Highlighted({ snippet }: { snippet: { text: string; highlights: { start: number; end: number }[] } }) {
  const parts = [];
  let at = 0;
  for (const [index, mark] of snippet.highlights.entries()) {
    if (mark.start < at || mark.end > snippet.text.length) continue;
    parts.push(<Fragment key={`t${index}`}>{snippet.text.slice(at, mark.start)}</Fragment>);
    parts.push(<mark key={`m${index}`}>{snippet.text.slice(mark.start, mark.end)}</mark>);
    at = mark.end;
  }
  parts.push(<Fragment key="rest">{snippet.text.slice(at)}</Fragment>);
  return <>{parts}</>;
}
