import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { pdfText } from './pdf-text.js';
import {
  linkPathIn,
  logCase,
  mailsOf,
  resolveCase,
  startServiceLoopWorld,
  timelineKinds,
  type Problem,
  type ServiceLoopWorld,
} from './service-loop-world.js';

const require = createRequire(import.meta.url);

interface RecordBody {
  language: string;
  customer: { organizationName: string; contactName: string | null; contactEmail: string | null };
  request: { number: string; title: string; status: string; serialNumbers: string[] };
  items: { type: string; summary: string; site: string | null; arrivedAt: string | null }[];
  confirmation: {
    state: string;
    confirmations: { method: string; name: string; ip: string | null; userAgent: string | null; note: string | null }[];
  };
}

describeOnEachDatabase('customer service record: JSON, PDF and confirmation', (database) => {
  let world: ServiceLoopWorld;
  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
  });
  afterAll(() => world.app.stop());

  /** A case with a phone action and a completed on-site visit, resolved: its record has something to show. */
  async function servedCase(overrides: Record<string, unknown> = {}) {
    const created = await logCase(world, overrides);
    const phone = await world.app.request(world.engineer, 'POST', `/api/v1/cases/${created.id}/actions`, {
      type: 'phone',
      summary: 'Walked the customer through collecting interface counters',
      startedAt: world.app.clock.now().toISOString(),
    });
    expect(phone.status).toBe(201);
    const start = world.app.clock.now();
    const visit = await world.app.request<{ id: string }>(world.secretary, 'POST', `/api/v1/cases/${created.id}/visits`, {
      engineerUserId: world.engineer.id,
      siteId: world.site.id,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
      allowConflict: true,
    });
    expect(visit.status).toBe(201);
    world.app.clock.advance(10 * 60_000);
    await world.app.request(world.engineer, 'POST', `/api/v1/visits/${visit.body.id}/arrival`, {});
    world.app.clock.advance(60 * 60_000);
    await world.app.request(world.engineer, 'POST', `/api/v1/visits/${visit.body.id}/departure`, {
      workDone: 'Replaced optic transceiver SFP-10G-LR',
    });
    await resolveCase(world, created.id);
    return created;
  }

  it('gives the record as JSON with customer, request, items and confirmation state', async () => {
    const created = await servedCase();
    const record = await world.app.request<RecordBody>(world.customer, 'GET', `/api/v1/cases/${created.id}/service-record`);
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({
      language: 'en',
      customer: { organizationName: 'Harbour Power Grid', contactName: 'Carla Contact', contactEmail: 'carla@harbour.example' },
      request: { number: created.number, title: 'Core switch drops packets', status: 'resolved', serialNumbers: ['FOC1234X0AB'] },
      confirmation: { state: 'awaiting', confirmations: [] },
    });
    expect(record.body.items.map((item) => [item.type, item.summary, item.site])).toEqual([
      ['phone', 'Walked the customer through collecting interface counters', null],
      ['onsite', 'Replaced optic transceiver SFP-10G-LR', 'Data centre East, 1 Quay Road'],
    ]);
    // Another organisation's customer cannot see it at all.
    expect((await world.app.request(world.otherCustomer, 'GET', `/api/v1/cases/${created.id}/service-record`)).status).toBe(404);
    expect((await world.app.request(world.otherCustomer, 'GET', `/api/v1/cases/${created.id}/service-record.pdf`)).status).toBe(404);
  });

  it('prints a PDF whose text carries the record’s fields, in English and in Chinese', async () => {
    const created = await servedCase({ title: 'Packet loss <script>' });
    const english = await world.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${created.id}/service-record.pdf`,
      headers: world.customer.headers,
    });
    expect(english.statusCode).toBe(200);
    expect(english.headers['content-type']).toBe('application/pdf');
    expect(english.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(english.rawPayload);
    for (const expected of [
      'Customer service record',
      'Customer information',
      'Harbour Power Grid',
      'Carla Contact',
      'carla@harbour.example',
      'Service request',
      created.number,
      'Packet loss <script>',
      'FOC1234X0AB',
      'Service items performed',
      'Phone support',
      'Walked the customer through collecting interface counters',
      'On-site visit',
      'Eli Engineer',
      'Data centre East, 1 Quay Road',
      'Replaced optic transceiver SFP-10G-LR',
      'Service confirmation',
      'Awaiting the customer’s confirmation.',
    ]) {
      expect(text).toContain(expected);
    }

    const chinese = await world.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${created.id}/service-record.pdf?language=zh-CN`,
      headers: world.secretary.headers,
    });
    const chineseText = await pdfText(chinese.rawPayload);
    for (const expected of [
      '客户服务记录',
      '客户信息',
      '服务请求',
      '已完成的服务项目',
      '上门服务',
      '服务确认',
      '等待客户确认',
      created.number,
      'Harbour Power Grid',
    ]) {
      expect(chineseText).toContain(expected);
    }
    expect(chineseText).not.toContain('Customer information');
  });

  it('prints English typographic marks and Chinese with the bundled Noto Sans SC, embedded as a small subset', async () => {
    const created = await servedCase({ title: 'Customer’s core switch – packet loss “again”', contactId: world.chineseContact.id });
    const print = async (language: 'en' | 'zh-CN') => {
      const response = await world.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${created.id}/service-record.pdf?language=${language}`,
        headers: world.secretary.headers,
      });
      expect(response.statusCode).toBe(200);
      return response.rawPayload;
    };
    const english = await print('en');
    const englishText = await pdfText(english);
    expect(englishText).toContain('Customer’s core switch – packet loss “again”');
    expect(englishText).toContain('Awaiting the customer’s confirmation.');
    expect(englishText).toContain('李华');
    expect(englishText).not.toContain('?');
    expect(englishText).not.toContain('Printed without a Chinese font');
    const chinese = await print('zh-CN');
    const chineseText = await pdfText(chinese);
    for (const expected of ['客户服务记录', '客户信息', '李华', 'Customer’s core switch – packet loss “again”']) {
      expect(chineseText).toContain(expected);
    }
    for (const pdf of [english, chinese]) {
      // The font comes with CaseDesk, not from whatever the server has installed, and only its used glyphs go in.
      const objects = pdf.toString('latin1');
      expect(objects).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
      expect(objects).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/);
      expect(pdf.length).toBeLessThan(200_000);
    }
  });

  it('prints with the font CASEDESK_PDF_FONT names instead', async () => {
    const created = await servedCase({ title: 'Light – and “quoted”' });
    world.app.context.pdfFontFile = require.resolve('@expo-google-fonts/noto-sans-sc/300Light/NotoSansSC_300Light.ttf');
    try {
      const response = await world.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${created.id}/service-record.pdf?language=zh-CN`,
        headers: world.secretary.headers,
      });
      const objects = response.rawPayload.toString('latin1');
      expect(objects).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Light/);
      expect(objects).not.toContain('NotoSansSC-Regular');
      const text = await pdfText(response.rawPayload);
      expect(text).toContain('客户服务记录');
      expect(text).toContain('Light – and “quoted”');
    } finally {
      world.app.context.pdfFontFile = null;
    }
  });

  it('labels the record in the language of a Chinese-speaking contact by default', async () => {
    const created = await logCase(world, { contactId: world.chineseContact.id, title: '核心交换机丢包' });
    const record = await world.app.request<RecordBody>(world.secretary, 'GET', `/api/v1/cases/${created.id}/service-record`);
    expect(record.body.language).toBe('zh-CN');
    const pdf = await world.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${created.id}/service-record.pdf`,
      headers: world.secretary.headers,
    });
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('客户服务记录');
    expect(text).toContain('核心交换机丢包');
    expect(text).toContain('李华');
    expect(text).toContain('服务尚未完成');
  });

  it('shows the contact’s phone in international format and names the channel in the record’s language', async () => {
    const created = await logCase(world);
    const record = await world.app.request<RecordBody & { customer: { contactPhone: string | null } }>(
      world.secretary,
      'GET',
      `/api/v1/cases/${created.id}/service-record`,
    );
    expect(record.body.customer.contactPhone).toBe('+86 21 5555 0101');
    const print = async (language: string) =>
      pdfText(
        (
          await world.app.inject({
            method: 'GET',
            url: `/api/v1/cases/${created.id}/service-record.pdf?language=${language}`,
            headers: world.secretary.headers,
          })
        ).rawPayload,
      );
    const english = await print('en');
    expect(english).toContain('+86 21 5555 0101');
    expect(english).not.toContain('+862155550101');
    expect(english).toMatch(/Channel:\s*Hotline/);
    const chinese = await print('zh-CN');
    expect(chinese).toContain('+86 21 5555 0101');
    expect(chinese).toMatch(/渠道:\s*热线/);
    expect(chinese).not.toContain('hotline');
  });

  it('prints times in the time zone of the case’s business calendar, offset written out, on the PDF and the confirmation page', async () => {
    interface PolicyDetails {
      id: string;
      policy: { calendar: { timeZone: string } } & Record<string, unknown>;
    }
    const list = await world.app.request<{ items: PolicyDetails[] }>(world.admin, 'GET', '/api/v1/escalation-policies');
    const policy = list.body.items[0]!;
    const original = policy.policy;
    const changed = await world.app.request(world.admin, 'PUT', `/api/v1/escalation-policies/${policy.id}`, {
      policy: { ...original, calendar: { ...original.calendar, timeZone: 'Asia/Shanghai' } },
    });
    expect(changed.status).toBe(200);
    try {
      const created = await servedCase();
      const stored = await world.app.request<{ receivedAt: string }>(world.secretary, 'GET', `/api/v1/cases/${created.id}`);
      const received = new Date(stored.body.receivedAt);
      const shanghai = new Date(received.getTime() + 8 * 3_600_000).toISOString();
      const local = `${shanghai.slice(0, 10)} ${shanghai.slice(11, 16)} UTC+08:00`;
      const pdf = await world.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${created.id}/service-record.pdf`,
        headers: world.secretary.headers,
      });
      const text = await pdfText(pdf.rawPayload);
      expect(text).toContain(local);

      const [mail] = await mailsOf(world, 'service-record-confirmation', created.id);
      const path = linkPathIn(mail!.text_body, '/public/service-record-confirmations');
      const page = await world.app.inject({ method: 'GET', url: path });
      expect(page.body).toContain(local);
    } finally {
      await world.app.request(world.admin, 'PUT', `/api/v1/escalation-policies/${policy.id}`, { policy: original });
    }
  });

  describe('confirmation through the e-mailed link', () => {
    it('a valid link confirms once: case confirmed, who/when/where on the timeline; reusing it changes nothing', async () => {
      const created = await servedCase();
      const [mail] = await mailsOf(world, 'service-record-confirmation', created.id);
      expect(mail).toMatchObject({ to_address: 'carla@harbour.example', language: 'en' });
      expect(mail!.subject).toContain(created.number);
      const path = linkPathIn(mail!.text_body, '/public/service-record-confirmations');
      const token = path.split('/').at(-1)!;

      const page = await world.app.inject({ method: 'GET', url: path });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.body).toContain(created.number);
      expect(page.body).toContain('Replaced optic transceiver SFP-10G-LR');
      expect(page.body).toContain('<form method="post"');

      world.app.clock.advance(3_600_000);
      const confirmed = await world.app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'MailPhone/1.0' },
        payload: 'note=All+good%2C+thanks',
      });
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.body).toContain('You confirmed the service record of case ' + created.number);

      const record = await world.app.request<RecordBody>(world.secretary, 'GET', `/api/v1/cases/${created.id}/service-record`);
      expect(record.body.request.status).toBe('confirmed');
      expect(record.body.confirmation.state).toBe('confirmed');
      expect(record.body.confirmation.confirmations).toEqual([
        expect.objectContaining({
          method: 'link',
          name: 'Carla Contact',
          ip: '127.0.0.1',
          userAgent: 'MailPhone/1.0',
          note: 'All good, thanks',
        }),
      ]);
      const timeline = await timelineKinds(world, created.id, world.customer);
      const entry = timeline.find((item) => item.kind === 'service-record.confirmed');
      expect(entry).toMatchObject({
        visibility: 'public',
        data: { method: 'link', name: 'Carla Contact', ip: '127.0.0.1', userAgent: 'MailPhone/1.0' },
      });
      expect(timeline.some((item) => item.kind === 'case.transitioned' && item.data.to === 'confirmed')).toBe(true);

      // Used: the page and the API say so, and the stored confirmation stays as it was.
      const reusedPage = await world.app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'note=changed',
      });
      expect(reusedPage.statusCode).toBe(409);
      expect(reusedPage.body).toContain('used already');
      const reusedApi = await world.app.request<Problem>(null, 'POST', `/api/v1/public/service-record-confirmations/${token}`, {
        note: 'changed',
      });
      expect([reusedApi.status, reusedApi.body.state]).toEqual([409, 'used']);
      const again = await world.app.request<RecordBody>(world.secretary, 'GET', `/api/v1/cases/${created.id}/service-record`);
      expect(again.body.confirmation.confirmations).toHaveLength(1);
      expect(again.body.confirmation.confirmations[0]!.note).toBe('All good, thanks');
    });

    it('an expired link changes nothing and says it expired', async () => {
      const created = await servedCase();
      const [mail] = await mailsOf(world, 'service-record-confirmation', created.id);
      const path = linkPathIn(mail!.text_body, '/public/service-record-confirmations');
      world.app.clock.advance(15 * 24 * 3_600_000);
      const page = await world.app.inject({ method: 'GET', url: path });
      expect(page.statusCode).toBe(410);
      expect(page.body).toContain('expired');
      const api = await world.app.request<Problem>(
        null,
        'POST',
        `/api/v1/public/service-record-confirmations/${path.split('/').at(-1)}`,
        {},
      );
      expect([api.status, api.body.state]).toEqual([410, 'expired']);
      const record = await world.app.request<RecordBody>(world.secretary, 'GET', `/api/v1/cases/${created.id}/service-record`);
      expect(record.body.request.status).toBe('resolved');
      // Staff can send a fresh link, which works.
      const resent = await world.app.request<{ to: string }>(
        world.secretary,
        'POST',
        `/api/v1/cases/${created.id}/service-record/confirmation-link`,
      );
      expect([resent.status, resent.body.to]).toEqual([202, 'carla@harbour.example']);
      const fresh = (await mailsOf(world, 'service-record-confirmation', created.id)).at(-1)!;
      const freshPath = linkPathIn(fresh.text_body, '/public/service-record-confirmations');
      expect(freshPath).not.toBe(path);
      const ok = await world.app.request<{ state: string }>(
        null,
        'POST',
        `/api/v1/public/service-record-confirmations/${freshPath.split('/').at(-1)}`,
        {},
      );
      expect([ok.status, ok.body.state]).toEqual([200, 'confirmed']);
    });

    it('a link from before a reopen cannot confirm the new resolution; the newer link can', async () => {
      const created = await servedCase();
      const [first] = await mailsOf(world, 'service-record-confirmation', created.id);
      const oldToken = linkPathIn(first!.text_body, '/public/service-record-confirmations').split('/').at(-1)!;
      await world.app.request(world.customer, 'POST', `/api/v1/cases/${created.id}/transitions`, { to: 'in_progress' });
      const whileOpen = await world.app.request<Problem>(null, 'POST', `/api/v1/public/service-record-confirmations/${oldToken}`, {});
      expect([whileOpen.status, whileOpen.body.state]).toEqual([409, 'not-resolved']);
      world.app.clock.advance(60_000);
      await resolveCase(world, created.id);
      const stale = await world.app.request<Problem>(null, 'POST', `/api/v1/public/service-record-confirmations/${oldToken}`, {});
      expect([stale.status, stale.body.state]).toEqual([409, 'superseded']);
      const newest = (await mailsOf(world, 'service-record-confirmation', created.id)).at(-1)!;
      const newToken = linkPathIn(newest.text_body, '/public/service-record-confirmations').split('/').at(-1)!;
      expect(newToken).not.toBe(oldToken);
      const ok = await world.app.request<{ state: string }>(null, 'POST', `/api/v1/public/service-record-confirmations/${newToken}`, {});
      expect([ok.status, ok.body.state]).toEqual([200, 'confirmed']);
    });

    it('a forged or mangled link is refused without touching the case', async () => {
      const created = await servedCase();
      const [mail] = await mailsOf(world, 'service-record-confirmation', created.id);
      const token = linkPathIn(mail!.text_body, '/public/service-record-confirmations').split('/').at(-1)!;
      const [id, expiry, signature] = token.split('.') as [string, string, string];
      const forgeries = [
        `${id}.${Number(expiry) + 86_400 * 365}.${signature}`, // a longer life, same signature
        `${id}.${expiry}.${signature.slice(0, -2)}AA`,
        `${id}.${expiry}`,
        'not-a-token',
      ];
      for (const forged of forgeries) {
        const api = await world.app.request<Problem>(null, 'POST', `/api/v1/public/service-record-confirmations/${forged}`, {});
        expect([forged, api.status, api.body.state]).toEqual([forged, 404, 'forged']);
        const page = await world.app.inject({ method: 'GET', url: `/public/service-record-confirmations/${forged}?lang=zh-CN` });
        expect(page.statusCode).toBe(404);
        expect(page.body).toContain('链接无效');
      }
      // A survey link is no confirmation link either.
      const [surveyMail] = await mailsOf(world, 'survey', created.id);
      const surveyToken = linkPathIn(surveyMail!.text_body, '/public/surveys').split('/').at(-1)!;
      expect(
        (await world.app.request<Problem>(null, 'POST', `/api/v1/public/service-record-confirmations/${surveyToken}`, {})).status,
      ).toBe(404);
      const record = await world.app.request<RecordBody>(world.secretary, 'GET', `/api/v1/cases/${created.id}/service-record`);
      expect(record.body.request.status).toBe('resolved');
    });
  });

  describe('confirmation in the portal', () => {
    it('the customer confirms their own resolved case; others cannot, and twice is a conflict', async () => {
      const open = await logCase(world);
      const notYet = await world.app.request<Problem>(world.customer, 'POST', `/api/v1/cases/${open.id}/service-record/confirmation`, {});
      expect(notYet.status).toBe(409);

      const created = await servedCase();
      const outsider = await world.app.request(world.otherCustomer, 'POST', `/api/v1/cases/${created.id}/service-record/confirmation`, {});
      expect(outsider.status).toBe(404);
      const staff = await world.app.request(world.secretary, 'POST', `/api/v1/cases/${created.id}/service-record/confirmation`, {});
      expect(staff.status).toBe(403);

      const confirmed = await world.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${created.id}/service-record/confirmation`,
        headers: { ...world.customer.headers, 'user-agent': 'PortalBrowser/2.0' },
        payload: { note: 'Confirmed in the portal' },
      });
      expect(confirmed.statusCode).toBe(200);
      const body = confirmed.json() as RecordBody;
      expect(body.request.status).toBe('confirmed');
      expect(body.confirmation.confirmations).toEqual([
        expect.objectContaining({
          method: 'portal',
          name: 'Carla Contact',
          userAgent: 'PortalBrowser/2.0',
          note: 'Confirmed in the portal',
        }),
      ]);
      const twice = await world.app.request<Problem>(world.customer, 'POST', `/api/v1/cases/${created.id}/service-record/confirmation`, {});
      expect(twice.status).toBe(409);
      // The e-mailed link of that case now answers "already confirmed".
      const [mail] = await mailsOf(world, 'service-record-confirmation', created.id);
      const page = await world.app.inject({ method: 'GET', url: linkPathIn(mail!.text_body, '/public/service-record-confirmations') });
      expect(page.statusCode).toBe(409);
      expect(page.body).toContain('confirmed already');
    });
  });
});
