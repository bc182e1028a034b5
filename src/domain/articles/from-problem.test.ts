import { describe, expect, it } from 'vitest';
import { articleFromProblem } from './from-problem.js';

const headings = { symptoms: 'Symptoms', rootCause: 'Root cause', workaround: 'Workaround' };

describe('articleFromProblem', () => {
  it('puts the description, root cause and workaround under their headings', () => {
    const article = articleFromProblem(
      { title: ' VPN drops ', description: 'Tunnels drop hourly.', rootCause: 'Rekey bug', workaround: 'Disable rekey' },
      headings,
    );
    expect(article).toEqual({
      title: 'VPN drops',
      body: '## Symptoms\n\nTunnels drop hourly.\n\n## Root cause\n\nRekey bug\n\n## Workaround\n\nDisable rekey',
    });
  });

  it('leaves out a part the problem does not have', () => {
    const article = articleFromProblem(
      { title: 'T', description: '  ', rootCause: null, workaround: '重启交换机' },
      {
        symptoms: '症状',
        rootCause: '根本原因',
        workaround: '临时解决办法',
      },
    );
    expect(article.body).toBe('## 临时解决办法\n\n重启交换机');
  });
});
