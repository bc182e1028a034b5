import { afterAll, beforeAll, expect, it } from 'vitest';
import { smtpHostOf } from '../../src/server.js';
import { newId } from '../../src/services/context.js';
import { insertOutboxMessage, type OutboxStatus } from '../../src/storage/repositories/outbox.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

interface MailSettingsBody {
  smtpConfigured: boolean;
  from: string;
  host: string | null;
  outbox: { pending: number; dead: number };
}

describeOnEachDatabase('mail settings: what an admin sees of outgoing mail', (database) => {
  let app: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    app = await TestApp.start(database);
    admin = await app.user('admin');
    const statuses: OutboxStatus[] = ['pending', 'pending', 'sending', 'sent', 'dead'];
    for (const status of statuses) {
      const id = newId();
      await insertOutboxMessage(app.storage.db, {
        id,
        kind: 'test',
        recipient_user_id: null,
        to_address: 'someone@example.com',
        language: 'en',
        subject: `Message ${status}`,
        text_body: 'text',
        html_body: '<p>text</p>',
        dedupe_key: `mail-settings-test-${id}`,
        status,
        attempts: status === 'dead' ? 8 : 0,
        next_attempt_at: '2026-03-02T08:00:00.000Z',
        lease_until: null,
        claim_token: null,
        last_error: status === 'dead' ? 'relay refused' : null,
        message_id: `<${id}@casedesk.test>`,
        case_id: null,
        created_at: '2026-03-02T08:00:00.000Z',
        sent_at: status === 'sent' ? '2026-03-02T08:01:00.000Z' : null,
      });
    }
  });
  afterAll(() => app.stop());

  it('says mail is not configured when the server has no SMTP relay, and counts waiting and failed mail', async () => {
    app.context.mail = { smtpHost: null, from: 'CaseDesk <casedesk@localhost>' };
    const response = await app.request<MailSettingsBody>(admin, 'GET', '/api/v1/mail-settings');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      smtpConfigured: false,
      from: 'CaseDesk <casedesk@localhost>',
      host: null,
      outbox: { pending: 3, dead: 1 },
    });
  });

  it('names the relay host but never its credentials', async () => {
    const smtpUrl = 'smtps://mailer:s3cret-pass@mail.example.com:465';
    app.context.mail = { smtpHost: smtpHostOf(smtpUrl), from: 'Support <support@example.com>' };
    const response = await app.request<MailSettingsBody>(admin, 'GET', '/api/v1/mail-settings');
    expect(response.body).toMatchObject({ smtpConfigured: true, from: 'Support <support@example.com>', host: 'mail.example.com:465' });
    expect(JSON.stringify(response.body)).not.toContain('s3cret');
    expect(JSON.stringify(response.body)).not.toContain('mailer');
  });
});

it('reads the host from an SMTP URL', () => {
  expect(smtpHostOf(null)).toBeNull();
  expect(smtpHostOf('smtp://relay.internal:25')).toBe('relay.internal:25');
  expect(smtpHostOf('smtps://user:pw@mail.example.com')).toBe('mail.example.com');
});
