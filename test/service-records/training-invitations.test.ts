import { afterAll, beforeAll, expect, it } from 'vitest';
import { smtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import { startSmtpSink, type SmtpSink } from '../escalations/smtp-sink.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { mailsOf, startServiceLoopWorld, type ServiceLoopWorld } from './service-loop-world.js';

describeOnEachDatabase('a planned training invites its attendees by mail', (database) => {
  let world: ServiceLoopWorld;
  let sink: SmtpSink;
  let transport: MailTransport;
  beforeAll(async () => {
    world = await startServiceLoopWorld(database);
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url);
  });
  afterAll(async () => {
    transport.close();
    await sink.close();
    await world.app.stop();
  });

  const plan = (attendees: Record<string, unknown>[], topic = 'Operating the new firewall') =>
    world.app.request<{ id: string; attendees: { id: string; name: string; email: string | null }[] }>(
      world.secretary,
      'POST',
      '/api/v1/trainings',
      {
        organizationId: world.organization.id,
        kind: 'class',
        topic,
        trainerUserId: world.otherEngineer.id,
        date: '2026-03-20',
        startTime: '09:00',
        endTime: '12:00',
        place: 'Harbour HQ, room 4',
        attendees,
        contactId: world.contact.id,
      },
    );

  it('each invited attendee with an address gets one invitation, in their contact’s language, in one thread per training', async () => {
    const planned = await plan([
      { name: 'Carla Contact', contactId: world.contact.id },
      { name: '李华', contactId: world.chineseContact.id },
      { name: 'Zhao Min', email: 'zhao@harbour.example' },
      { name: 'Wang Wei' },
    ]);
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);

    const invitations = (await mailsOf(world, 'training-invitation')).filter((mail) => mail.subject.includes('Operating the new firewall'));
    expect(invitations.map((mail) => [mail.to_address, mail.language]).sort()).toEqual([
      ['carla@harbour.example', 'en'],
      ['li.hua@harbour.example', 'zh-CN'],
      ['zhao@harbour.example', 'en'],
    ]);
    const english = invitations.find((mail) => mail.to_address === 'carla@harbour.example')!;
    expect(english.subject).toBe('Invitation: training class “Operating the new firewall” on 2026-03-20');
    expect(english.text_body).toContain('Dear Carla Contact,');
    expect(english.text_body).toContain('Olga Onsite');
    expect(english.text_body).toContain('When: 2026-03-20 09:00–12:00');
    expect(english.text_body).toContain('Where: Harbour HQ, room 4');
    const chinese = invitations.find((mail) => mail.language === 'zh-CN')!;
    expect(chinese.subject).toContain('邀请');
    expect(chinese.text_body).toContain('地点：Harbour HQ, room 4');
    // One conversation per training, distinct from every other training's.
    expect(new Set(invitations.map((mail) => mail.thread_message_id)).size).toBe(1);
    expect(invitations[0]!.thread_message_id).toMatch(new RegExp(`^<training\\.${planned.body.id}@`));

    const other = await plan([{ name: 'Zhao Min', email: 'zhao@harbour.example' }], 'Backup drills');
    expect(other.status).toBe(201);
    const [otherMail] = (await mailsOf(world, 'training-invitation')).filter((mail) => mail.subject.includes('Backup drills'));
    expect(otherMail!.thread_message_id).not.toBe(invitations[0]!.thread_message_id);
  });

  it('the invitations go out through the outbox naming their training’s thread', async () => {
    const planned = await plan([{ name: 'Ming Relay', email: 'ming.relay@harbour.example' }], 'Relay check');
    expect(planned.status).toBe(201);
    expect(await deliverDueMail(world.app.context, { transport, from: 'CaseDesk <casedesk@example.com>' })).toMatchObject({ failed: 0 });
    const received = sink.received.find((mail) => mail.to.includes('ming.relay@harbour.example'));
    expect(received?.subject).toContain('Relay check');
    expect(received?.inReplyTo).toMatch(new RegExp(`^<training\\.${planned.body.id}@`));
  });

  it('a planned training without attendee addresses mails nobody', async () => {
    const before = (await mailsOf(world, 'training-invitation')).length;
    expect((await plan([{ name: 'Walk-in only' }], 'No addresses')).status).toBe(201);
    expect(await mailsOf(world, 'training-invitation')).toHaveLength(before);
  });
});
