import { afterAll, beforeAll, expect, it } from 'vitest';
import { smtpTransport, type MailTransport } from '../../src/mail/transport.js';
import { ManualClock } from '../../src/services/context.js';
import { deliverDueMail } from '../../src/services/notifications/deliver-outbox.js';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../escalations/smtp-sink.js';
import { describeOnEachDatabase } from '../support/databases.js';
import { TestApp, type TestUser } from '../support/test-app.js';

/** Forgotten passwords are reset through a mailed link; admins deactivate and reactivate users. */
describeOnEachDatabase('password reset and deactivation', (database) => {
  let app: TestApp;
  let sink: SmtpSink;
  let transport: MailTransport;
  let admin: TestUser;
  let ipCounter = 0;
  /** Each test asks from its own address, so the per-IP limit of one test does not reach into another. */
  const freshIp = () => `203.0.113.${++ipCounter}`;

  beforeAll(async () => {
    app = await TestApp.start(database, { clock: new ManualClock('2026-03-02T08:00:00.000Z') });
    sink = await startSmtpSink();
    transport = smtpTransport(sink.url);
    admin = await app.user('admin');
  });
  afterAll(async () => {
    transport.close();
    await sink.close();
    await app.stop();
  });

  function signIn(email: string, password: string, ip = '198.51.100.1') {
    return app.inject({ method: 'POST', url: '/api/v1/sessions', remoteAddress: ip, payload: { email, password } });
  }
  function askForReset(email: string, ip: string) {
    return app.inject({ method: 'POST', url: '/api/v1/password-resets', remoteAddress: ip, payload: { email } });
  }
  function useLink(token: string, newPassword: string) {
    return app.inject({ method: 'POST', url: '/api/v1/password-resets/use', payload: { token, newPassword } });
  }
  async function deliver(): Promise<void> {
    expect(await deliverDueMail(app.context, { transport, from: 'CaseDesk <casedesk@example.com>' })).toMatchObject({ failed: 0 });
  }
  function mailsTo(email: string): ReceivedMail[] {
    return sink.received.filter((mail) => mail.to.includes(email));
  }
  function tokenIn(mail: ReceivedMail): string {
    const match = /http:\/\/casedesk\.test\/reset-password#token=([A-Za-z0-9_-]+)/.exec(mail.text);
    expect(match, mail.text).not.toBeNull();
    return match![1]!;
  }
  function sessionCookie(response: { cookies: { name: string; value: string }[] }): string {
    const cookie = response.cookies.find((entry) => entry.name === 'casedesk_session');
    expect(cookie).toBeDefined();
    return `casedesk_session=${cookie!.value}`;
  }
  async function currentSession(cookie: string): Promise<number> {
    return (await app.inject({ method: 'GET', url: '/api/v1/sessions/current', headers: { cookie } })).statusCode;
  }

  it('mails a single-use link that sets a new password and ends the old sessions; the old password stops working', async () => {
    await app.user('executive', { email: 'forgetful@example.com', password: 'old-password-1', name: 'Fran Forgetful' });
    const earlier = await signIn('forgetful@example.com', 'old-password-1');
    expect(earlier.statusCode).toBe(201);
    const earlierCookie = sessionCookie(earlier);

    const asked = await askForReset('Forgetful@Example.com', freshIp());
    expect(asked.statusCode).toBe(204);
    await deliver();
    const mails = mailsTo('forgetful@example.com');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Set a new CaseDesk password');
    expect(mails[0]!.text).toContain('Hello Fran Forgetful,');
    const token = tokenIn(mails[0]!);
    // Asking alone changes nothing: the old password still works until the link is used.
    expect((await signIn('forgetful@example.com', 'old-password-1')).statusCode).toBe(201);

    const tooShort = await useLink(token, 'short');
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json<{ field?: string; errors?: { field: string }[] }>()).toMatchObject({ errors: [{ field: 'newPassword' }] });

    expect((await useLink(token, 'brand-new-password')).statusCode).toBe(204);
    expect(await currentSession(earlierCookie)).toBe(401);
    expect((await signIn('forgetful@example.com', 'old-password-1')).statusCode).toBe(401);
    expect((await signIn('forgetful@example.com', 'brand-new-password')).statusCode).toBe(201);

    const again = await useLink(token, 'another-new-password');
    expect(again.statusCode).toBe(400);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json<{ errors?: { field: string }[] }>()).toMatchObject({ errors: [{ field: 'token' }] });
    expect((await signIn('forgetful@example.com', 'brand-new-password')).statusCode).toBe(201);
  });

  it('keeps the API tokens of a user who resets the password', async () => {
    const user = await app.user('expert', { email: 'token-keeper@example.com', password: 'old-password-2' });
    expect((await askForReset('token-keeper@example.com', freshIp())).statusCode).toBe(204);
    await deliver();
    expect((await useLink(tokenIn(mailsTo('token-keeper@example.com')[0]!), 'brand-new-password')).statusCode).toBe(204);
    expect((await app.request(user, 'GET', '/api/v1/sessions/current')).status).toBe(200);
  });

  it('refuses a link after its hour has passed', async () => {
    await app.user('secretary', { email: 'slow-reader@example.com', password: 'old-password-3' });
    expect((await askForReset('slow-reader@example.com', freshIp())).statusCode).toBe(204);
    await deliver();
    const token = tokenIn(mailsTo('slow-reader@example.com')[0]!);
    app.clock.advance(60 * 60_000 + 1_000);
    const late = await useLink(token, 'brand-new-password');
    expect(late.statusCode).toBe(400);
    expect(late.json<{ errors?: { field: string }[] }>()).toMatchObject({ errors: [{ field: 'token' }] });
    expect((await signIn('slow-reader@example.com', 'old-password-3')).statusCode).toBe(201);
  });

  it('answers an unknown address exactly like a known one, and mails nobody', async () => {
    await app.user('manager', { email: 'known@example.com', password: 'old-password-4' });
    const before = sink.received.length;
    const known = await askForReset('known@example.com', freshIp());
    const unknown = await askForReset('nobody-here@example.com', freshIp());
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.body).toBe(known.body);
    expect(unknown.headers['content-type']).toBe(known.headers['content-type']);
    await deliver();
    expect(mailsTo('nobody-here@example.com')).toHaveLength(0);
    expect(sink.received.length).toBe(before + 1);
  });

  it('mails the link in the user’s language', async () => {
    await app.user('executive', { email: 'wang.li@example.com', password: 'old-password-5', name: '王丽', language: 'zh-CN' });
    expect((await askForReset('wang.li@example.com', freshIp())).statusCode).toBe(204);
    await deliver();
    const [mail] = mailsTo('wang.li@example.com');
    expect(mail!.subject).toBe('设置新的 CaseDesk 密码');
    expect(mail!.text).toContain('王丽，您好');
    expect(mail!.text).toContain('设置新密码');
  });

  it('limits requests per address and per IP address with a 429 and Retry-After', async () => {
    await app.user('executive', { email: 'popular@example.com', password: 'old-password-6' });
    for (let request = 0; request < 3; request++) expect((await askForReset('popular@example.com', freshIp())).statusCode).toBe(204);
    const perAddress = await askForReset('popular@example.com', freshIp());
    expect(perAddress.statusCode).toBe(429);
    expect(perAddress.headers['content-type']).toContain('application/problem+json');
    expect(Number(perAddress.headers['retry-after'])).toBeGreaterThan(0);
    // An unknown address is limited the same way, so the limit tells nothing either.
    for (let request = 0; request < 3; request++) expect((await askForReset('ghost@example.com', freshIp())).statusCode).toBe(204);
    expect((await askForReset('ghost@example.com', freshIp())).statusCode).toBe(429);

    const ip = freshIp();
    for (let request = 0; request < 10; request++) expect((await askForReset(`sprayed-${request}@example.com`, ip)).statusCode).toBe(204);
    expect((await askForReset('sprayed-10@example.com', ip)).statusCode).toBe(429);
    await deliver();
    expect(mailsTo('popular@example.com')).toHaveLength(3);
  });

  it('lets an admin mail a reset link from the user record', async () => {
    const user = await app.user('secretary', { email: 'sent-a-link@example.com', password: 'old-password-7' });
    const sent = await app.request<{ to: string; expiresAt: string }>(admin, 'POST', `/api/v1/users/${user.id}/password-reset`);
    expect(sent.status).toBe(202);
    expect(sent.body.to).toBe('sent-a-link@example.com');
    await deliver();
    const [mail] = mailsTo('sent-a-link@example.com');
    expect(mail!.text).toContain('administrator sent you this link');
    expect((await useLink(tokenIn(mail!), 'chosen-by-user-1')).statusCode).toBe(204);
    expect((await signIn('sent-a-link@example.com', 'chosen-by-user-1')).statusCode).toBe(201);

    const manager = await app.user('manager');
    expect((await app.request(manager, 'POST', `/api/v1/users/${user.id}/password-reset`)).status).toBe(403);
  });

  it('deactivation refuses the user’s session and API token at once; reactivation lets them sign in again', async () => {
    const user = await app.user('executive', { email: 'leaver@example.com', password: 'leaver-password' });
    const signedIn = await signIn('leaver@example.com', 'leaver-password');
    const cookie = sessionCookie(signedIn);
    expect(await currentSession(cookie)).toBe(200);
    expect((await app.request(user, 'GET', '/api/v1/sessions/current')).status).toBe(200);

    const deactivated = await app.request<{ disabled: boolean }>(admin, 'PATCH', `/api/v1/users/${user.id}`, { disabled: true });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.disabled).toBe(true);
    expect(await currentSession(cookie)).toBe(401);
    expect((await app.request(user, 'GET', '/api/v1/sessions/current')).status).toBe(401);
    expect((await signIn('leaver@example.com', 'leaver-password')).statusCode).toBe(401);
    // Their record stays, and no reset link reaches a deactivated user.
    expect((await app.request<{ email: string }>(admin, 'GET', `/api/v1/users/${user.id}`)).body.email).toBe('leaver@example.com');
    expect((await askForReset('leaver@example.com', freshIp())).statusCode).toBe(204);
    expect((await app.request(admin, 'POST', `/api/v1/users/${user.id}/password-reset`)).status).toBe(409);
    await deliver();
    expect(mailsTo('leaver@example.com')).toHaveLength(0);

    expect((await app.request(admin, 'PATCH', `/api/v1/users/${user.id}`, { disabled: false })).status).toBe(200);
    expect((await signIn('leaver@example.com', 'leaver-password')).statusCode).toBe(201);
    expect((await app.request(user, 'GET', '/api/v1/sessions/current')).status).toBe(200);
  });

  it('counts a deactivated department manager as an unfilled position until they are reactivated', async () => {
    const manager = await app.user('manager', { name: 'Mo Manager' });
    const department = await app.request<{ id: string }>(admin, 'POST', '/api/v1/departments', {
      name: 'Deactivation Services',
      managerUserId: manager.id,
    });
    expect(department.status).toBe(201);
    const managerGap = async () =>
      (await app.request<{ items: { key: string }[] }>(admin, 'GET', '/api/v1/configuration-alerts')).body.items.filter(
        (alert) => alert.key === `unfilled:department-manager:${department.body.id}`,
      );
    expect(await managerGap()).toHaveLength(0);
    await app.request(admin, 'PATCH', `/api/v1/users/${manager.id}`, { disabled: true });
    expect(await managerGap()).toHaveLength(1);
    await app.request(admin, 'PATCH', `/api/v1/users/${manager.id}`, { disabled: false });
    expect(await managerGap()).toHaveLength(0);
  });

  it('does not let an admin deactivate themselves', async () => {
    const response = await app.request(admin, 'PATCH', `/api/v1/users/${admin.id}`, { disabled: true });
    expect(response.status).toBe(409);
    expect((await app.request(admin, 'GET', '/api/v1/sessions/current')).status).toBe(200);
  });
});
