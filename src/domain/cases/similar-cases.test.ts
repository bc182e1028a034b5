import { describe, expect, it } from 'vitest';
import { holdsTerm, isTextSimilar, orderedReasons, rankSimilarCases, similarityTerms, type SimilarCandidate } from './similar-cases.js';

describe('similar cases: the words compared', () => {
  it.each([
    ['Printer jams on tray 2', '', ['Printer', 'jams', 'tray']],
    ['The switch is down again', '', ['switch', 'down']],
    ['交换机', '', ['交换机']],
    ['核心交换机端口故障', '', ['核心交', '交换机', '机端口', '口故障']],
    ['交换机端口坏了', '', ['交换机', '换机端', '机端口', '端口坏', '口坏了']],
    ['C9300 交换机 reboots', '', ['C9300', '交换机', 'reboots']],
    ['', 'Fan noise on the stack', ['Fan', 'noise', 'stack']],
    ['on it', 'Fan noise', []],
    ['"uplink," (port) flapping!', '', ['uplink', 'port', 'flapping']],
  ])('%j (description %j) → %j', (title, description, expected) => {
    expect(similarityTerms(title, description)).toEqual(expected);
  });

  it('compares at most six words, each once whatever its letter case', () => {
    expect(similarityTerms('alpha beta gamma delta epsilon zeta eta theta')).toHaveLength(6);
    expect(similarityTerms('Port port PORT')).toEqual(['Port']);
  });
});

describe('similar cases: whether a found text holds the word', () => {
  it.each([
    ['Uplink port flapping', 'port', true],
    ['Three ports down', 'port', true],
    ['Reported by phone.', 'port', false],
    ['C9300-48P stack', '9300', false],
    ['C9300-48P stack', 'c9300', true],
    ['核心交换机端口故障', '交换机', true],
    ['ＰＯＲＴ flapping', 'port', true],
  ])('%j holds %j → %s', (text, term, expected) => {
    expect(holdsTerm(text, term)).toBe(expected);
  });

  it('a text is similar with at least half of the words compared', () => {
    expect([0, 1, 2, 3, 4].map((found) => isTextSimilar(found, 4))).toEqual([false, false, true, true, true]);
    expect(isTextSimilar(1, 1)).toBe(true);
    expect(isTextSimilar(0, 0)).toBe(false);
  });
});

describe('similar cases: the order of the answer', () => {
  const candidate = (id: string, reasons: SimilarCandidate['reasons'], open: boolean, receivedAt: string): SimilarCandidate => ({
    id,
    reasons,
    open,
    receivedAt,
  });
  it('open first, then the stronger reasons, then the newest; at most the limit', () => {
    const ranked = rankSimilarCases(
      [
        candidate('closed-serial', ['serial'], false, '2026-03-01T00:00:00Z'),
        candidate('open-site', ['site'], true, '2026-03-05T00:00:00Z'),
        candidate('open-serial-text', ['serial', 'text'], true, '2026-01-01T00:00:00Z'),
        candidate('open-model', ['model'], true, '2026-02-01T00:00:00Z'),
        candidate('open-model-newer', ['model'], true, '2026-02-02T00:00:00Z'),
        candidate('closed-text', ['text'], false, '2026-03-09T00:00:00Z'),
      ],
      5,
    );
    expect(ranked.map((entry) => entry.id)).toEqual(['open-serial-text', 'open-model-newer', 'open-model', 'open-site', 'closed-serial']);
  });
  it('names reasons strongest first, each once', () => {
    expect(orderedReasons(['site', 'text', 'serial', 'site'])).toEqual(['serial', 'text', 'site']);
  });
});
