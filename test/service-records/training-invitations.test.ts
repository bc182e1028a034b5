import { afterAll, beforeAll, expect, it } from 'vitest';
import { smtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import { startSmtpSink, type SmtpSink } from '../escalations/smtp-sink.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { mailsOf, startServiceLoopWorld, type Problem, type ServiceLoopWorld } from './service-loop-world.js';

interface Training {
  id: string;
  status: string;
  topic: string;
  date: string;
  place: string;
  cancellationReason: string | null;
  attendees: { id: string; name: string; email: string | null; contactId: string | null }[];
}

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

  const planToChange = (topic: string, date = '2026-03-20') =>
    world.app.request<Training>(world.secretary, 'POST', '/api/v1/trainings', {
      organizationId: world.organization.id,
      kind: 'class',
      topic,
      trainerUserId: world.otherEngineer.id,
      date,
      startTime: '09:00',
      endTime: '12:00',
      place: 'Harbour HQ, room 4',
      attendees: [
        { name: 'Carla Contact', contactId: world.contact.id },
        { name: 'Zhao Min', email: 'zhao@harbour.example' },
      ],
      contactId: world.contact.id,
    });
  const send = async () =>
    expect(await deliverDueMail(world.app.context, { transport, from: 'CaseDesk <casedesk@example.com>' })).toMatchObject({ failed: 0 });
  const subjectsTo = async (kind: string, topic: string) =>
    (await mailsOf(world, kind))
      .filter((mail) => mail.subject.includes(topic))
      .map((mail) => [mail.to_address, mail.language, mail.subject]);

  it('a change tells those kept what holds now, invites the new ones and tells the removed ones, each in their language', async () => {
    const planned = await planToChange('Firewall operation');
    expect(planned.status).toBe(201);
    const carla = planned.body.attendees.find((attendee) => attendee.name === 'Carla Contact')!;
    const changed = await world.app.request<Training>(world.secretary, 'PATCH', `/api/v1/trainings/${planned.body.id}`, {
      date: '2026-03-27',
      place: 'Harbour HQ, room 7',
      attendees: [
        { id: carla.id, name: carla.name, contactId: world.contact.id },
        { name: '李华', contactId: world.chineseContact.id },
      ],
    });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.body).toMatchObject({ date: '2026-03-27', place: 'Harbour HQ, room 7', status: 'planned' });
    expect(changed.body.attendees.map((attendee) => attendee.name).sort()).toEqual(['Carla Contact', '李华']);

    const updates = await subjectsTo('training-update', 'Firewall operation');
    expect(updates).toEqual([['carla@harbour.example', 'en', 'Changed: training class “Firewall operation” on 2026-03-27']]);
    const update = (await mailsOf(world, 'training-update'))[0]!;
    expect(update.text_body).toContain('When: 2026-03-27 09:00–12:00');
    expect(update.text_body).toContain('Where: Harbour HQ, room 7');
    const invitations = await subjectsTo('training-invitation', 'Firewall operation');
    expect(invitations.map(([to, language]) => [to, language])).toEqual(expect.arrayContaining([['li.hua@harbour.example', 'zh-CN']]));
    const chinese = (await mailsOf(world, 'training-invitation')).find(
      (mail) => mail.to_address === 'li.hua@harbour.example' && mail.subject.includes('Firewall operation'),
    )!;
    expect(chinese.subject).toContain('2026-03-27');
    const removed = await subjectsTo('training-cancellation', 'Firewall operation');
    expect(removed).toEqual([['zhao@harbour.example', 'en', 'Cancelled: training class “Firewall operation” on 2026-03-20']]);
    expect((await mailsOf(world, 'training-cancellation'))[0]!.text_body).toContain('You are no longer invited');

    // A change that alters nothing an invitee needs to know sends nothing.
    const before = (await mailsOf(world, 'training-update')).length;
    expect(
      (await world.app.request(world.secretary, 'PATCH', `/api/v1/trainings/${planned.body.id}`, { place: 'Harbour HQ, room 7' })).status,
    ).toBe(200);
    expect(await mailsOf(world, 'training-update')).toHaveLength(before);

    await send();
    const received = sink.received.filter((mail) => mail.subject.includes('Firewall operation'));
    const thread = `<training.${planned.body.id}@casedesk.test>`;
    const updateReceived = received.find((mail) => mail.subject.startsWith('Changed:'))!;
    expect(updateReceived.inReplyTo).toBe(thread);
    expect(updateReceived.references).toContain(thread);
    const removalReceived = received.find((mail) => mail.subject.startsWith('Cancelled:'))!;
    expect(removalReceived.inReplyTo).toBe(thread);
  });

  it('cancelling tells every invitee, with the reason, in their language and in the thread of the invitation', async () => {
    const planned = await planToChange('Restore drills');
    await world.app.request(world.secretary, 'PATCH', `/api/v1/trainings/${planned.body.id}`, {
      attendees: [...planned.body.attendees, { name: '李华', contactId: world.chineseContact.id }],
    });
    expect((await world.app.request<Problem>(world.customer, 'POST', `/api/v1/trainings/${planned.body.id}/cancel`, {})).status).toBe(403);
    const cancelled = await world.app.request<Training>(world.secretary, 'POST', `/api/v1/trainings/${planned.body.id}/cancel`, {
      reason: 'Trainer ill',
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancellationReason: 'Trainer ill' });
    const mails = (await mailsOf(world, 'training-cancellation')).filter((mail) => mail.subject.includes('Restore drills'));
    expect(mails.map((mail) => [mail.to_address, mail.language]).sort()).toEqual([
      ['carla@harbour.example', 'en'],
      ['li.hua@harbour.example', 'zh-CN'],
      ['zhao@harbour.example', 'en'],
    ]);
    expect(mails.find((mail) => mail.language === 'en')!.text_body).toContain('Reason: Trainer ill');
    const chinese = mails.find((mail) => mail.language === 'zh-CN')!;
    expect(chinese.subject).toContain('取消');
    expect(chinese.text_body).toContain('原因：Trainer ill');
    const invitation = (await mailsOf(world, 'training-invitation')).find((mail) => mail.subject.includes('Restore drills'))!;
    expect(new Set(mails.map((mail) => mail.thread_message_id))).toEqual(new Set([invitation.thread_message_id]));

    await send();
    const received = sink.received.find((mail) => mail.subject.includes('Restore drills') && mail.subject.startsWith('Cancelled'));
    expect(received?.inReplyTo).toBe(`<training.${planned.body.id}@casedesk.test>`);
    expect(received?.references).toContain(`<training.${planned.body.id}@casedesk.test>`);

    // Cancelled is cancelled: neither changed nor cancelled again.
    expect((await world.app.request<Problem>(world.secretary, 'POST', `/api/v1/trainings/${planned.body.id}/cancel`, {})).status).toBe(409);
    expect(
      (await world.app.request<Problem>(world.secretary, 'PATCH', `/api/v1/trainings/${planned.body.id}`, { topic: 'X' })).status,
    ).toBe(409);
  });

  it('a held training (attendance recorded) cannot be changed or cancelled: 409', async () => {
    const planned = await planToChange('Held already', '2026-03-01');
    const held = await world.app.request(world.secretary, 'POST', `/api/v1/trainings/${planned.body.id}/attendance`, {
      attendance: planned.body.attendees.map((attendee) => ({ attendeeId: attendee.id, attended: true })),
    });
    expect(held.status).toBe(200);
    const cancel = await world.app.request<Problem>(world.secretary, 'POST', `/api/v1/trainings/${planned.body.id}/cancel`, {});
    expect(cancel.status).toBe(409);
    expect(cancel.body.detail).toContain('held');
    expect(
      (await world.app.request<Problem>(world.secretary, 'PATCH', `/api/v1/trainings/${planned.body.id}`, { place: 'Y' })).status,
    ).toBe(409);
  });

  it('an unknown attendee id or another customer’s contact is a 400 naming the field', async () => {
    const planned = await planToChange('Field names');
    const unknown = await world.app.request<Problem>(world.secretary, 'PATCH', `/api/v1/trainings/${planned.body.id}`, {
      attendees: [{ id: '00000000-0000-7000-8000-000000000000', name: 'Nobody' }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.field).toBe('attendees.0.id');
    const badTime = await world.app.request<Problem>(world.secretary, 'PATCH', `/api/v1/trainings/${planned.body.id}`, {
      endTime: '08:00',
    });
    expect(badTime.status).toBe(400);
    expect(badTime.body.field).toBe('endTime');
  });
});
