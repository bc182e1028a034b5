import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { ManualClock } from '../../src/services/context.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp } from '../support/test-app.js';
import {
  HOUR,
  iso,
  outboxOf,
  setUpEscalationWorld,
  timelineOf,
  type CaseBody,
  type EscalationWorld,
  type Problem,
} from './escalation-world.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

const FROM = 'CaseDesk <casedesk@example.com>';

interface VendorEscalationBody {
  vendorName: string | null;
  supportCenter: Record<string, string | null> | null;
  vendorCaseNumber: string | null;
  status: string;
  reportSentAt: string | null;
  reportSentTo: string | null;
}

interface VendorReportBody {
  to: string;
  language: string;
  contractNumber: string | null;
  products: { serialNumber: string; model: string | null; softwareVersion: string | null }[];
  subject: string;
  text: string;
}

describeOnEachDatabase(
  'the vendor report of an upgrading report: the GM is told whom to call, staff send the report in one action',
  (database) => {
    let app: TestApp;
    let world: EscalationWorld;
    let sink: SmtpSink;
    let transport: MailTransport;
    let vendorId: string;
    const serial = `FOC26${Math.random().toString(36).slice(2, 8).toUpperCase()}`;

    const deliver = () => deliverDueMail(app.context, { transport, from: FROM });

    beforeAll(async () => {
      app = await TestApp.start(database, { clock: new ManualClock('2026-06-01T08:00:00.000Z') });
      world = await setUpEscalationWorld(app);
      sink = await startSmtpSink();
      transport = smtpTransport(sink.url);
      const vendor = await app.request<{ id: string; supportCenter: Record<string, string | null> }>(
        world.admin,
        'POST',
        '/api/v1/vendors',
        {
          name: `Cisco ${serial}`,
          supportCenter: {
            name: 'Cisco TAC',
            phone: '+1 800 553 2447',
            email: 'tac@cisco.example',
            contractNumber: 'CON-SNT-4471093',
          },
        },
      );
      expect(vendor.status, JSON.stringify(vendor.body)).toBe(201);
      expect(vendor.body.supportCenter.contractNumber).toBe('CON-SNT-4471093');
      vendorId = vendor.body.id;
      const project = await app.request(world.secretary, 'POST', '/api/v1/projects', {
        organizationId: world.organization.id,
        name: 'Core network',
        deliveredAt: '2025-01-10',
        guaranteeEndsAt: '2026-01-09',
        items: [{ vendorId, model: 'C9500-48Y4C', serialNumber: serial, softwareVersion: '17.9.4a' }],
      });
      expect(project.status, JSON.stringify(project.body)).toBe(201);
    });
    afterAll(async () => {
      transport.close();
      await sink.close();
      await app.stop();
    });

    /** A level-1 case on the product, logged 4 h late, so the GM's step (with the vendor report) fires at once. */
    const logLateCase = async (title: string): Promise<CaseBody> => {
      const response = await app.request<CaseBody>(world.secretary, 'POST', '/api/v1/cases', {
        organizationId: world.organization.id,
        departmentId: world.department.id,
        channel: 'hotline',
        level: 1,
        title,
        description: 'Both supervisor modules reboot every few minutes; the data centre core is down.',
        serialNumbers: [serial],
        receivedAt: iso(app.clock.now().getTime() - 4 * HOUR),
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      return response.body;
    };

    describe("the Operation Center GM's mail", () => {
      it('names the support center with its phone, e-mail and our contract number, in Chinese and in English', async () => {
        const chineseCase = await logLateCase('Core switch reboots');
        await deliver();
        const gm = world.holders['operation-center-gm'];
        const chinese = sink.received.find((mail) => mail.to.includes(gm.email) && mail.subject.includes(chineseCase.number));
        expect(chinese, 'the GM got no mail').toBeDefined();
        expect(chinese!.subject).toContain('升级报告');
        for (const expected of [
          '厂商支持中心：Cisco TAC',
          '电话：+1 800 553 2447',
          '电子邮件：tac@cisco.example',
          '支持合同编号：CON-SNT-4471093',
        ]) {
          expect(chinese!.text).toContain(expected);
        }

        expect((await app.request(world.admin, 'PATCH', `/api/v1/users/${gm.id}`, { language: 'en' })).status).toBe(200);
        const englishCase = await logLateCase('Core switch reboots again');
        await deliver();
        const english = sink.received.find((mail) => mail.to.includes(gm.email) && mail.subject.includes(englishCase.number));
        expect(english!.subject).toContain('Escalation');
        for (const expected of [
          'Vendor support center: Cisco TAC',
          'Phone: +1 800 553 2447',
          'E-mail: tac@cisco.example',
          'support contract number with Cisco',
          'CON-SNT-4471093',
        ]) {
          expect(english!.text).toContain(expected);
        }
        // The department manager's step has no vendor report, so its mail names no support center.
        const manager = sink.received.find(
          (mail) => mail.to.includes(world.holders['department-manager'].email) && mail.subject.includes(englishCase.number),
        );
        expect(manager!.text).not.toContain('tac@cisco.example');
      });

      it('shows the support center with its contract number on the case', async () => {
        const kase = await logLateCase('Supervisor failover loop');
        const view = await app.request<CaseBody & { vendorEscalation: VendorEscalationBody }>(
          world.secretary,
          'GET',
          `/api/v1/cases/${kase.id}`,
        );
        expect(view.body.vendorEscalation.supportCenter).toMatchObject({
          name: 'Cisco TAC',
          phone: '+1 800 553 2447',
          email: 'tac@cisco.example',
          contractNumber: 'CON-SNT-4471093',
        });
      });
    });

    describe('the prepared vendor report', () => {
      it('is previewed, then sent to the support center through the outbox, on the timeline; the vendor case number follows', async () => {
        const kase = await logLateCase('Core down after upgrade');
        const action = await app.request(world.secretary, 'POST', `/api/v1/cases/${kase.id}/actions`, {
          type: 'phone',
          summary: 'Collected show tech-support; both supervisors crash in the same process',
          outcome: 'Needs the vendor',
        });
        expect(action.status, JSON.stringify(action.body)).toBe(201);
        const internal = await app.request(world.secretary, 'POST', `/api/v1/cases/${kase.id}/notes`, {
          body: 'Internal: customer is upset about the last outage',
          visibility: 'internal',
        });
        expect(internal.status).toBe(204);

        const preview = await app.request<VendorReportBody>(world.secretary, 'GET', `/api/v1/cases/${kase.id}/vendor-report`);
        expect(preview.status, JSON.stringify(preview.body)).toBe(200);
        expect(preview.body).toMatchObject({
          to: 'tac@cisco.example',
          language: 'en',
          contractNumber: 'CON-SNT-4471093',
          products: [{ serialNumber: serial, model: 'C9500-48Y4C', softwareVersion: '17.9.4a' }],
        });
        expect(preview.body.text).not.toContain('customer is upset');
        // Previewing sends nothing.
        expect((await outboxOf(world)).filter((mail) => mail.kind === 'vendor-report')).toEqual([]);

        const sent = await app.request<{ report: VendorReportBody; vendorEscalation: VendorEscalationBody }>(
          world.secretary,
          'POST',
          `/api/v1/cases/${kase.id}/vendor-report`,
          { note: 'Customer can give remote access from 09:00.' },
        );
        expect(sent.status, JSON.stringify(sent.body)).toBe(201);
        expect(sent.body.vendorEscalation).toMatchObject({
          status: 'submitted',
          reportSentTo: 'tac@cisco.example',
          reportSentAt: app.clock.now().toISOString(),
          vendorCaseNumber: null,
        });
        expect(await deliver()).toMatchObject({ failed: 0 });
        const received = sink.received.filter((mail) => mail.to.includes('tac@cisco.example'));
        expect(received).toHaveLength(1);
        const mail = received[0]!;
        expect(mail.subject).toContain(kase.number);
        for (const expected of [
          'CON-SNT-4471093',
          serial,
          'C9500-48Y4C',
          '17.9.4a',
          'Core down after upgrade',
          'Both supervisor modules reboot every few minutes',
          'Phone support: Collected show tech-support; both supervisors crash in the same process — outcome: Needs the vendor',
          'Case logged through hotline, level 1',
          'Customer can give remote access from 09:00.',
        ]) {
          expect(mail.text).toContain(expected);
        }
        expect(mail.text).not.toContain('customer is upset');
        // A person sent it: the footer names them instead of calling the mail automatic.
        expect(mail.text).toContain('Sent by Sam Secretary');

        const sentEvents = (await timelineOf(world, kase.id)).filter((entry) => entry.kind === 'vendor-escalation.report-sent');
        expect(sentEvents).toHaveLength(1);
        expect(sentEvents[0]!.data).toMatchObject({ to: 'tac@cisco.example', serialNumbers: [serial] });

        const recorded = await app.request<VendorEscalationBody>(world.secretary, 'PATCH', `/api/v1/cases/${kase.id}/vendor-escalation`, {
          vendorCaseNumber: 'TAC-694201337',
        });
        expect(recorded.status).toBe(200);
        const view = await app.request<CaseBody & { vendorEscalation: VendorEscalationBody }>(
          world.secretary,
          'GET',
          `/api/v1/cases/${kase.id}`,
        );
        expect(view.body.vendorEscalation).toMatchObject({ vendorCaseNumber: 'TAC-694201337', status: 'submitted' });
      });

      it('is written in Chinese on request', async () => {
        const kase = await logLateCase('核心交换机故障');
        const preview = await app.request<VendorReportBody>(
          world.secretary,
          'GET',
          `/api/v1/cases/${kase.id}/vendor-report?language=zh-CN`,
        );
        expect(preview.status).toBe(200);
        expect(preview.body.text).toContain(`序列号 ${serial}，型号 C9500-48Y4C，软件版本 17.9.4a`);
        expect(preview.body.text).toContain('支持合同编号：CON-SNT-4471093');
      });

      it('says what to fix when the support center has no e-mail, and refuses bad input and customers', async () => {
        const kase = await logLateCase('Fan tray alarm');
        expect(
          (await app.request(world.admin, 'PATCH', `/api/v1/vendors/${vendorId}`, { supportCenter: { name: 'Cisco TAC' } })).status,
        ).toBe(200);
        const noEmail = await app.request<Problem>(world.secretary, 'POST', `/api/v1/cases/${kase.id}/vendor-report`, {});
        expect(noEmail.status).toBe(409);
        expect(noEmail.body.field).toBe('supportCenter.email');
        expect(noEmail.body.detail).toContain('e-mail');

        const badLanguage = await app.request<Problem>(world.secretary, 'POST', `/api/v1/cases/${kase.id}/vendor-report`, {
          language: 'fr',
        });
        expect(badLanguage.status).toBe(400);
        expect(badLanguage.body.field).toBe('language');

        const customer = await app.user('customer', { organizationId: world.organization.id });
        expect((await app.request(customer, 'GET', `/api/v1/cases/${kase.id}/vendor-report`)).status).toBe(403);

        // A case whose ladder has no vendor report has no vendor escalation to send.
        const quiet = await app.request<CaseBody>(world.secretary, 'POST', '/api/v1/cases', {
          organizationId: world.organization.id,
          channel: 'hotline',
          level: 4,
          title: 'Question about licences',
          description: 'How many licences are left?',
        });
        expect((await app.request<Problem>(world.secretary, 'POST', `/api/v1/cases/${quiet.body.id}/vendor-report`, {})).status).toBe(409);
      });
    });
  },
);
