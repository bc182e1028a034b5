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
