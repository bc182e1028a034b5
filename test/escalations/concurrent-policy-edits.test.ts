import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

interface PolicyDetails {
  id: string;
  version: number;
  versionId: string;
  policy: { firstResponseMinutes: Record<string, number> } & Record<string, unknown>;
}

describeOnEachDatabase('concurrent edits of one escalation policy', (database) => {
  let app: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    app = await TestApp.start(database);
    admin = await app.user('admin');
  });
  afterAll(() => app.stop());

  it('ten simultaneous edits: each becomes a version or gets a clear 409, never a 500; versions stay contiguous', async () => {
    const list = await app.request<{ items: PolicyDetails[] }>(admin, 'GET', '/api/v1/escalation-policies');
    expect(list.status).toBe(200);
    const original = list.body.items[0]!;

    const edits = Array.from({ length: 10 }, (_, index) => ({
      ...original.policy,
      firstResponseMinutes: { ...original.policy.firstResponseMinutes, '4': 600 + index },
    }));
    const responses = await Promise.all(
      edits.map((policy) =>
        app.request<PolicyDetails & { type?: string }>(admin, 'PUT', `/api/v1/escalation-policies/${original.id}`, { policy }),
      ),
    );

    expect(responses.filter((response) => response.status >= 500).map((response) => response.body)).toEqual([]);
    for (const response of responses) {
      expect([200, 409]).toContain(response.status);
      if (response.status === 409) expect(response.headers['content-type']).toContain('application/problem+json');
    }
    const stored = await app.storage.db
      .selectFrom('escalation_policy_versions')
      .select(['id', 'version', 'body_json'])
      .where('policy_id', '=', original.id)
      .orderBy('version')
      .execute();
    // Contiguous from the first version, with no gaps and no repeats.
    expect(stored.map((row) => Number(row.version))).toEqual(stored.map((_, index) => index + 1));
    const accepted = responses.filter((response) => response.status === 200);
    expect(stored).toHaveLength(1 + accepted.length);
    for (const [index, response] of responses.entries()) {
      if (response.status !== 200) continue;
      const row = stored.find((candidate) => candidate.id === response.body.versionId);
      expect(row, `edit ${index} answered 200 but its version is not stored`).toBeDefined();
      expect(Number(row!.version)).toBe(response.body.version);
      expect((JSON.parse(row!.body_json) as PolicyDetails['policy']).firstResponseMinutes['4']).toBe(600 + index);
    }
    const current = await app.request<PolicyDetails>(admin, 'GET', `/api/v1/escalation-policies/${original.id}`);
    expect(current.body.version).toBe(stored.length);
  });
});
