import { describe, expect, it } from 'vitest';
import { applicableQuestions, checkAnswers, followUpDueAt, lowScores } from './survey-questions.js';

describe('survey questions', () => {
  it('asks the core three everywhere and the extras that apply', () => {
    expect(applicableQuestions({ subject: 'training' })).toEqual(['personnel', 'organization', 'system', 'training']);
    expect(applicableQuestions({ subject: 'case' })).toEqual([
      'personnel',
      'organization',
      'system',
      'technicalSupport',
      'systemCondition',
      'afterSales',
    ]);
    expect(applicableQuestions({ subject: 'visit', inGuarantee: true })).toContain('projectImplementation');
  });

  it('refuses missing core answers, scores outside 1–5 and questions not asked', () => {
    const asked = applicableQuestions({ subject: 'training' });
    expect(checkAnswers(asked, { personnel: 5, organization: 4, system: 3 })).toEqual([]);
    expect(checkAnswers(asked, { personnel: 5, organization: 4 })).toEqual([{ field: 'system', problem: 'missing' }]);
    expect(checkAnswers(asked, { personnel: 6, organization: 0, system: 2.5 })).toHaveLength(3);
    expect(checkAnswers(asked, { personnel: 5, organization: 4, system: 3, afterSales: 4 })).toEqual([
      { field: 'afterSales', problem: 'not-asked' },
    ]);
  });

  it('finds every answer of 2 or less, and gives the manager three days', () => {
    expect(lowScores({ personnel: 3, organization: 2, system: 5, training: 1 })).toEqual([
      { question: 'organization', score: 2 },
      { question: 'training', score: 1 },
    ]);
    expect(lowScores({ personnel: 3, organization: 3, system: 3 })).toEqual([]);
    expect(followUpDueAt(new Date('2026-03-02T08:00:00Z')).toISOString()).toBe('2026-03-05T08:00:00.000Z');
  });
});
