import MarkdownIt from 'markdown-it';

/** An address a link may point to, or null: http, https, mailto and addresses within the site. */
export function safeLinkTarget(raw: string): string | null {
  const target = raw.trim();
  if (/^(https?:|mailto:)/i.test(target)) return target;
  if (/^\/(?!\/)/.test(target) || target.startsWith('#')) return target;
  return null;
}

/**
 * Knowledge-base articles are CommonMark, rendered by markdown-it (a maintained parser) with raw HTML off, so HTML in an
 * article shows as text, and a link or image keeps only an http(s), mailto or site-relative address. The server
 * sanitises the result once more on the way out (`src/services/articles/render-article.ts`); the editor's preview
 * uses the same renderer.
 */
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
markdown.validateLink = (url) => safeLinkTarget(url) !== null;

export function renderMarkdown(source: string): string {
  return markdown.render(source);
}

/**
 * What an article says without its Markdown marks, for search snippets: `*watchdog timeout*` reads "watchdog timeout",
 * `` `show log` `` reads "show log", a link its text. Blocks (paragraphs, list items, headings, code) are separated by
 * a space.
 */
export function markdownPlainText(source: string): string {
  const words: string[] = [];
  for (const token of markdown.parse(source, {})) {
    if (token.type === 'inline') {
      for (const child of token.children ?? []) {
        if (child.type === 'text' || child.type === 'code_inline') words.push(child.content);
        else if (child.type === 'softbreak' || child.type === 'hardbreak') words.push(' ');
        else if (child.type === 'image') words.push(child.content);
      }
      words.push(' ');
    } else if (token.type === 'fence' || token.type === 'code_block') words.push(token.content, ' ');
  }
  return words.join('').replace(/\s+/g, ' ').trim();
}
