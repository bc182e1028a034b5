import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

interface Problem {
  status: number;
  field?: string;
}
interface Contact {
  phone: string | null;
  phoneE164: string | null;
}

/** Phone numbers are stored in E.164 and found however they are said; stored addresses are http(s) only. */
describeOnEachDatabase('phone numbers and web addresses', (database) => {
  let app: TestApp;
  let admin: TestUser;
  let shanghai: { id: string };
  let london: { id: string };

  async function search(text: string): Promise<string[]> {
    const found = await app.request<{ items: { id: string }[] }>(admin, 'GET', `/api/v1/organizations?text=${encodeURIComponent(text)}`);
    expect(found.status).toBe(200);
    return found.body.items.map((item) => item.id);
  }

  beforeAll(async () => {
    app = await TestApp.start(database);
    admin = await app.user('admin');
    shanghai = (await app.request<{ id: string; country: string }>(admin, 'POST', '/api/v1/organizations', { name: 'Pudong Port' })).body;
    const created = await app.request<{ id: string; country: string }>(admin, 'POST', '/api/v1/organizations', {
      name: 'Thames Freight',
      country: 'gb',
    });
    expect(created.body.country).toBe('GB');
    london = created.body;
  });
  afterAll(() => app.stop());

  it('stores numbers in E.164, read in the organisation country, and shows them in international format', async () => {
    const landline = await app.request<Contact>(admin, 'POST', `/api/v1/organizations/${shanghai.id}/contacts`, {
      name: 'Wang Fang',
      phone: '021-5555-0101',
    });
    expect(landline.status).toBe(201);
    expect(landline.body).toMatchObject({ phone: '+86 21 5555 0101', phoneE164: '+862155550101' });
    const mobile = await app.request<Contact>(admin, 'POST', `/api/v1/organizations/${shanghai.id}/contacts`, {
      name: 'Zhang Wei',
      phone: '138 0013 8000',
    });
    expect(mobile.body).toMatchObject({ phone: '+86 138 0013 8000', phoneE164: '+8613800138000' });
    const british = await app.request<Contact>(admin, 'POST', `/api/v1/organizations/${london.id}/contacts`, {
      name: 'Ann Smith',
      phone: '020 7946 0958',
    });
    expect(british.body).toMatchObject({ phone: '+44 20 7946 0958', phoneE164: '+442079460958' });
    const stored = await app.storage.db.selectFrom('contacts').select('phone').where('name', '=', 'Ann Smith').executeTakeFirstOrThrow();
    expect(stored.phone).toBe('+442079460958');
  });

  it('finds the caller however the number is said on the hotline', async () => {
    for (const said of ['+44 (0)20 7946-0958', '+44 20 7946 0958', '0044 20 7946 0958', '+442079460958']) {
      expect(await search(said), said).toEqual([london.id]);
    }
    for (const said of ['021 5555 0101', '(021) 5555-0101', '+86 21 5555 0101', '0086 21 55550101', '+86 (0)21 5555 0101', '5555 0101']) {
      expect(await search(said), said).toEqual([shanghai.id]);
    }
    for (const said of ['13800138000', '138-0013-8000', '+86 138 0013 8000', '0086 13800138000']) {
      expect(await search(said), said).toEqual([shanghai.id]);
    }
  });

  it('finds the caller by the start of a number said with its trunk or international prefix', async () => {
    for (const said of ['021 5555', '(021) 5555', '0086 21 5555', '+86 21 5555', '020 7946']) {
      expect(await search(said), said).toEqual(said === '020 7946' ? [london.id] : [shanghai.id]);
    }
  });

  it('refuses a number that is not one, naming the field', async () => {
    const contact = await app.request<Problem>(admin, 'POST', `/api/v1/organizations/${shanghai.id}/contacts`, {
      name: 'Nobody',
      phone: '12345',
    });
    expect(contact.status).toBe(400);
    expect(contact.body.field).toBe('phone');
    const vendor = await app.request<Problem>(admin, 'POST', '/api/v1/vendors', {
      name: 'Acme Networks',
      supportCenter: { name: 'Acme TAC', phone: '+1 555' },
    });
    expect(vendor.status).toBe(400);
    expect(vendor.body.field).toBe('supportCenter.phone');
    const country = await app.request<Problem>(admin, 'POST', '/api/v1/organizations', { name: 'Nowhere', country: 'XX' });
    expect(country.status).toBe(400);
    expect(country.body.field).toBe('country');
  });

  it('refuses javascript: and data: addresses, naming the field', async () => {
    const trainer = await app.user('manager');
    for (const url of ['javascript:alert(document.cookie)', 'JavaScript:alert(1)', 'data:text/html,<script>alert(1)</script>']) {
      const training = await app.request<Problem>(admin, 'POST', '/api/v1/trainings', {
        organizationId: shanghai.id,
        topic: 'Firewall basics',
        trainerUserId: trainer.id,
        date: '2026-05-01',
        place: 'Head office',
        materials: [{ title: 'Slides', url }],
      });
      expect(training.status, url).toBe(400);
      expect(training.body.field).toBe('materials.0.url');
      const vendor = await app.request<Problem>(admin, 'POST', '/api/v1/vendors', {
        name: 'Acme Networks',
        supportCenter: { name: 'Acme TAC', url },
      });
      expect(vendor.status, url).toBe(400);
      expect(vendor.body.field).toBe('supportCenter.url');
    }
    const fine = await app.request(admin, 'POST', '/api/v1/trainings', {
      organizationId: shanghai.id,
      topic: 'Firewall basics',
      trainerUserId: trainer.id,
      date: '2026-05-01',
      place: 'Head office',
      materials: [{ title: 'Slides', url: 'https://files.example.com/slides.pdf' }],
    });
    expect(fine.status).toBe(201);
  });
});
