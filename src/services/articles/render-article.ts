import { renderMarkdown } from '../../domain/articles/markdown.js';
import { sanitizeMailHtml } from '../../mail/sanitize-html.js';

/**
 * An article's Markdown as HTML safe to put into a page: the renderer escapes any HTML written in the article and
 * keeps only http(s), mailto and site links; the same sanitiser as inbound mail then strips anything else that could
 * run (scripts, event-handler attributes, javascript: addresses).
 */
export function renderArticleHtml(markdown: string): string {
  return sanitizeMailHtml(renderMarkdown(markdown));
}
