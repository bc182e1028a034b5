import { describe, expect, it } from 'vitest';
import { MAX_SEARCH_TERMS, MAX_SUGGESTION_TERMS, searchTerms, snippetOf, suggestionTerms } from './search-text.js';

describe('searchTerms', () => {
  it.each([
    ['core switch', ['core', 'switch']],
    ['"core switch" port', ['core switch', 'port']],
    ['交换机\u3000端口', ['交换机', '端口']],
    ['ｐｏｒｔ２４', ['port24']],
    ['"', []],
    ['""', []],
    ['"unclosed', ['unclosed']],
    ['Port port PORT', ['Port']],
    ['"*:-()', ['*:-()']],
    ['a\u0000b', ['a', 'b']],
  ])('%j → %j', (query, terms) => {
    expect(searchTerms(query)).toEqual(terms);
  });

  it(`keeps at most ${MAX_SEARCH_TERMS} terms of at most 100 characters`, () => {
    expect(searchTerms(Array.from({ length: 20 }, (_, index) => `w${index}`).join(' '))).toHaveLength(MAX_SEARCH_TERMS);
    expect(searchTerms('😀'.repeat(150))[0]).toBe('😀'.repeat(100));
  });
});

describe('snippetOf', () => {
  const marked = (snippet: ReturnType<typeof snippetOf>) => snippet.highlights.map((mark) => snippet.text.slice(mark.start, mark.end));

  it('marks every match, ignoring case', () => {
    const snippet = snippetOf('Printer jams; the printer needs a new PRINTER tray', ['printer']);
    expect(snippet.text).toBe('Printer jams; the printer needs a new PRINTER tray');
    expect(marked(snippet)).toEqual(['Printer', 'printer', 'PRINTER']);
  });

  it('marks Chinese terms and the longer of overlapping terms', () => {
    expect(marked(snippetOf('核心交换机端口故障', ['端口', '交换机端口']))).toEqual(['交换机端口']);
  });

  it('cuts a long text around the first match, with ellipses', () => {
    const text = `${'a'.repeat(300)} needle ${'b'.repeat(300)}`;
    const snippet = snippetOf(text, ['needle']);
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(marked(snippet)).toEqual(['needle']);
  });

  it('shows a text without a match from its start, unmarked', () => {
    expect(snippetOf('nothing here', ['zzz'])).toEqual({ text: 'nothing here', highlights: [] });
  });
});

describe('suggestionTerms', () => {
  it('cuts Chinese into overlapping runs of three characters and keeps a short run whole', () => {
    expect(suggestionTerms('核心交换机故障')).toEqual(['核心交', '心交换', '交换机', '换机故', '机故障']);
    expect(suggestionTerms('端口 坏了吗')).toEqual(['端口', '坏了吗']);
  });

  it('keeps English words of three or more letters, less the very common ones, once each', () => {
    expect(suggestionTerms('The VPN is down and the VPN tunnel drops')).toEqual(['vpn', 'down', 'tunnel', 'drops']);
  });

  it('splits mixed runs and punctuation, and stops at the maximum', () => {
    expect(suggestionTerms('BGP邻居断开，OSPF正常')).toEqual(['bgp', '邻居断', '居断开', 'ospf', '正常']);
    expect(suggestionTerms(Array.from({ length: 40 }, (_, index) => `word${index}`).join(' '))).toHaveLength(MAX_SUGGESTION_TERMS);
  });
});
