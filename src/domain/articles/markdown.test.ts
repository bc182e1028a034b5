import { describe, expect, it } from 'vitest';
import { markdownPlainText, renderMarkdown, safeLinkTarget } from './markdown.js';

describe('article Markdown', () => {
  it('renders headings, emphasis, lists, code and links', () => {
    // Line breaks between tags carry no meaning in HTML; they are left out to compare.
    const html = renderMarkdown(
      '# Reset\n\nPress **Reset** and *wait*.\n\n- one\n- two\n\n1. first\n\n```\na < b\n```\n\n[Guide](https://example.com/g)',
    ).replace(/>\n+</g, '><');
    expect(html).toContain('<h1>Reset</h1>');
    expect(html).toContain('<p>Press <strong>Reset</strong> and <em>wait</em>.</p>');
    expect(html).toContain('<ul><li>one</li><li>two</li></ul>');
    expect(html).toContain('<ol><li>first</li></ol>');
    expect(html).toContain('<pre><code>a &lt; b\n</code></pre>');
    expect(html).toContain('<a href="https://example.com/g">Guide</a>');
  });

  it('shows raw HTML as text and drops javascript: links and images', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script> <img src=x onerror="alert(1)">\n\n[click](javascript:alert(1)) ![x](javascript:alert(1))',
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('href="javascript');
    expect(html).toContain('click');
  });

  it.each([
    ['https://a.example', 'https://a.example'],
    ['/kb/1', '/kb/1'],
    ['javascript:alert(1)', null],
    ['JaVaScRiPt:alert(1)', null],
    ['data:text/html,x', null],
    ['//evil.example', null],
  ])('link target %s → %s', (raw, expected) => {
    expect(safeLinkTarget(raw)).toBe(expected);
  });

  it('reads as plain text for search snippets: no emphasis, code or link marks', () => {
    const source =
      '# Watchdog\n\nRun `show log` and look for *watchdog timeout*.\n\n- see [the guide](https://example.com/guide)\n- 重启**核心交换机**\n\n```\nreload in 5\n```';
    expect(markdownPlainText(source)).toBe('Watchdog Run show log and look for watchdog timeout. see the guide 重启核心交换机 reload in 5');
  });
});
