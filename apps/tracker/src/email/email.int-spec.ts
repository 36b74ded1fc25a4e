import type { INestApplication } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { MailDev } from 'maildev';
import { ACCOUNT_STANDINGS, type AccountStandings, type Principal } from '@poleflow/auth';
import type { Envelope, EventPayload, EventType, ServiceName } from '@poleflow/contracts';
import { as, deliver, freePort, startService, waitFor, type ServiceHarness } from '@poleflow/testing';
import { loadTrackerConfig } from '../config.js';
import { TrackerModule } from '../tracker.module.js';
import { EmailDigest } from './email.digest.js';
import { EmailWorker } from './email.worker.js';

interface CaughtEmail { subject: string; text: string; html: string; to: { address: string }[]; headers: Record<string, string> }

const WEB = 'http://web.test';

/* Notification e-mails end to end: inbox event → outbox rows → tracker.emails (real Redis) → SMTP → maildev, read back over its REST API. */
describe('tracker: notification e-mails (real PostgreSQL, Redis, maildev)', () => {
  let h: ServiceHarness;
  let app: INestApplication;
  let maildev: MailDev;
  let webPort: number;
  let seq = 0;

  beforeAll(async () => {
    const [smtpPort, web] = [await freePort(), await freePort()];
    webPort = web;
    maildev = new MailDev({ smtp: smtpPort, web, ip: '127.0.0.1', webIp: '127.0.0.1', silent: true });
    await maildev.start();
    h = await startService('trkemail', 'tracker', (env) => TrackerModule.forRoot(loadTrackerConfig({
      ...env, ROLES: 'api', DB_POOL_MAX: '4', SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, WEB_BASE_URL: `${WEB}/`,
      // No sweep during the test: what arrives was enqueued after its transaction committed.
      EMAIL_SWEEP_MS: '600000', EMAIL_BACKOFF_MS: '100', EMAIL_MAX_ATTEMPTS: '2',
    })));
    app = h.app;
    app.get(EmailWorker).start();
  });

  afterAll(async () => {
    await h?.close();
    await maildev?.stop();
  });

  const inbox = async (): Promise<CaughtEmail[]> => {
    const res = await fetch(`http://127.0.0.1:${webPort}/api/email`);
    if (!res.ok) throw new Error(`maildev answered ${res.status}`);
    return (await res.json()) as CaughtEmail[];
  };
  const to = (mails: CaughtEmail[], address: string) => mails.filter((m) => m.to.some((t) => t.address === address));
  const sql = <T extends object>(q: string, params: unknown[] = []) => app.get(MikroORM).em.fork().execute<T[]>(q, params);

  const event = <T extends EventType>(source: ServiceName, streamId: string, sequence: number, type: T, payload: EventPayload<T>): Envelope<EventPayload<T>> => ({
    id: randomUUID(), type, version: 1, occurredAt: new Date(Date.UTC(2026, 11, 6, 9, 0, ++seq)).toISOString(), source, streamId, sequence,
    actor: null, correlationId: `c-${seq}`, causationId: null, payload,
  });

  /** An account as directory publishes it, optionally a member of something. */
  async function account(name: string, membership?: { kind: 'organisation' | 'pole' | 'funder'; targetId: string; role: string }): Promise<{ id: string; email: string; principal: Principal }> {
    const id = randomUUID();
    const email = `${name}-${id.slice(0, 8)}@example.test`;
    expect(await deliver(app, event('directory', `profile:${id}`, 1, 'account.profile_changed', { accountId: id, email, displayName: name }))).toBe('applied');
    if (membership) {
      expect(await deliver(app, event('directory', id, 1, 'affiliation.changed', { userId: id, ...membership, change: 'added' }))).toBe('applied');
    }
    const principal: Principal = { userId: id, email, roles: ['pole_manager'], organisationIds: [], poles: [], funderIds: [] };
    return { id, email, principal };
  }

  it('sends one e-mail per notification and recipient, in their language and mode, linking to the web page', async () => {
    const poleId = randomUUID();
    const manager = { kind: 'pole' as const, targetId: poleId, role: 'pole_manager' };
    const [alice, bob, carol, dan] = [await account('Alice', manager), await account('Bob', manager), await account('Carole', manager), await account('Dan', manager)];
    const eve = await account('Eve', { kind: 'pole', targetId: poleId, role: 'reviewer' });
    const organisationId = randomUUID();
    const frank = await account('Frank', { kind: 'organisation', targetId: organisationId, role: 'member' });
    // Disabled by an admin: a member of the pole's staff, but no e-mail.
    const gil = await account('Gil', manager);
    const standing = { accountId: gil.id, roles: ['pole_manager'], orgs: [], poles: [{ id: poleId, role: 'pole_manager' }], funders: [], minTokenVersion: 0 };
    expect(await deliver(app, event('directory', `account:${gil.id}`, 1, 'account.standing_changed', { ...standing, version: 1, status: 'active' }))).toBe('applied');
    expect(await deliver(app, event('directory', `account:${gil.id}`, 2, 'account.standing_changed', { ...standing, version: 2, status: 'disabled' }))).toBe('applied');

    expect((await as(app, alice.principal).get('/api/v1/me/notification-preferences').expect(200)).body).toEqual({ email: 'immediate', language: 'fr' });
    await as(app, bob.principal).put('/api/v1/me/notification-preferences').send({ email: 'immediate', language: 'en' }).expect(200);
    await as(app, carol.principal).put('/api/v1/me/notification-preferences').send({ email: 'off', language: 'fr' }).expect(200);
    await as(app, dan.principal).put('/api/v1/me/notification-preferences').send({ email: 'daily', language: 'fr' }).expect(200);
    const bad = await as(app, dan.principal).put('/api/v1/me/notification-preferences').send({ email: 'weekly', language: 'de' }).expect(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect((await as(app, dan.principal).get('/api/v1/me/notification-preferences').expect(200)).body).toEqual({ email: 'daily', language: 'fr' });

    const projectId = randomUUID();
    const ref = { caseId: randomUUID(), projectId, poleId, poleCode: 'AV', poleName: 'Aerospace Valley', lead: true, round: 1 };
    expect(await deliver(app, event('submission', projectId, 1, 'project.created', { projectId, acronym: 'HYPERWING', title: 'Morphing wing', coordinatorOrganisationId: organisationId }))).toBe('applied');
    const opened = event('labelling', projectId, 1, 'labelling.case_opened', { ...ref, acronym: 'HYPERWING' });
    expect(await deliver(app, opened)).toBe('applied');
    // Delivered twice (a redelivery after a lost acknowledgement): still one e-mail.
    expect(await deliver(app, opened)).not.toBe('applied');
    expect(await deliver(app, event('labelling', projectId, 2, 'labelling.quorum_reached', { ...ref, reviewCount: 3 }))).toBe('applied');
    // The consortium: its organisations' members.
    expect(await deliver(app, event('labelling', projectId, 3, 'label.revision_requested', { ...ref, requestedChanges: ['budget', 'planning'], motivation: 'm' }))).toBe('applied');
    // A security notice reaches Carole although her e-mails are off.
    expect(await deliver(app, event('directory', `account:${carol.id}`, 1, 'account.registration_attempted', { accountId: carol.id, attemptedAt: new Date().toISOString() }))).toBe('applied');

    // Dan's two notifications wait for the digest: one e-mail, run twice.
    expect(await app.get(EmailDigest).run()).toBe(1);
    expect(await app.get(EmailDigest).run()).toBe(0);

    const done = await waitFor(async () => {
      const rows = await sql<{ status: string; n: string }>(`select status, count(*)::text as n from tracker.emails group by status order by status`);
      const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
      return !by.pending && by;
    }, { what: 'every e-mail sent', timeoutMs: 30_000 });
    expect(done).toEqual({ sent: 7, digested: 2 });
    const mails = await inbox();
    expect(mails).toHaveLength(7);

    const a = to(mails, alice.email);
    expect(a.map((m) => m.subject).sort()).toEqual(['Expertises reçues : le comité peut décider', 'HYPERWING : recevabilité à vérifier']);
    for (const m of a) {
      expect(m.text).toContain('Bonjour Alice,');
      expect(m.text).toContain(`${WEB}/projets/${projectId}`);
      expect(m.html).toContain(`href="${WEB}/projets/${projectId}"`);
      expect(m.text).not.toContain('/api/');
    }
    expect(a.find((m) => m.subject.startsWith('HYPERWING'))!.text).toContain('Le projet HYPERWING (tour 1) attend la vérification de sa recevabilité.');

    const b = to(mails, bob.email);
    expect(b.map((m) => m.subject).sort()).toEqual(['HYPERWING: admissibility to check', 'Reviews in: the committee may decide']);
    expect(b[0].text).toContain('Hello Bob,');

    const c = to(mails, carol.email);
    expect(c.map((m) => m.subject)).toEqual(['Sécurité : tentative de création de compte avec votre adresse']);
    expect(c[0].text).toContain(`${WEB}/notifications`);

    const d = to(mails, dan.email);
    expect(d.map((m) => m.subject)).toEqual(['poleflow : votre résumé du jour (2 notifications)']);
    expect(d[0].text).toContain('HYPERWING : recevabilité à vérifier');
    expect(d[0].text).toContain('Expertises reçues : le comité peut décider');
    expect(d[0].text).toContain(`${WEB}/projets/${projectId}`);

    const f = to(mails, frank.email);
    expect(f.map((m) => m.subject)).toEqual(['Aerospace Valley demande des modifications']);
    expect(f[0].text).toContain('Aerospace Valley demande 2 modifications avant de labelliser');
    expect(f[0].text).toContain(`${WEB}/projets/${projectId}`);

    // A reviewer of the pole is not among its managers; a disabled account gets nothing.
    expect(to(mails, eve.email)).toEqual([]);
    expect(to(mails, gil.email)).toEqual([]);
  });

  it('notifies and e-mails the contacted organisation\'s members of a contact request, then the requester of the answer (matchmaking)', async () => {
    const [lab, company] = [randomUUID(), randomUUID()];
    const hugo = await account('Hugo', { kind: 'organisation', targetId: lab, role: 'member' });
    const iris = await account('Iris', { kind: 'organisation', targetId: company, role: 'member' });
    const contactId = randomUUID();
    const ref = { contactId, fromOrganisationId: company, fromOrganisationName: 'Composites du Sud', toOrganisationId: lab, toOrganisationName: 'Laboratoire ONERA Toulouse' };
    expect(await deliver(app, event('network', contactId, 1, 'network.contact_requested', {
      ...ref, requestedBy: iris.id, requestedAt: new Date().toISOString(), partnerRequestTitle: 'Inspection des composites',
    }))).toBe('applied');
    expect(await deliver(app, event('network', contactId, 2, 'network.contact_answered', { ...ref, accepted: true, answeredBy: hugo.id, answeredAt: new Date().toISOString() }))).toBe('applied');
    const toHugo = (await as(app, { ...hugo.principal, roles: ['applicant'], organisationIds: [lab] }).get('/api/v1/notifications').expect(200)).body.items;
    expect(toHugo.map((n: { message: string; link: string }) => [n.message, n.link])).toEqual([
      ['Composites du Sud souhaite entrer en relation avec Laboratoire ONERA Toulouse (recherche « Inspection des composites ») : acceptez ou déclinez', `/api/v1/contacts/${contactId}`],
    ]);
    const mails = await waitFor(async () => {
      const m = await inbox();
      return to(m, hugo.email).length && to(m, iris.email).length ? m : undefined;
    }, { what: 'the two e-mails', timeoutMs: 30_000 });
    const h1 = to(mails, hugo.email);
    expect(h1.map((m) => m.subject)).toEqual(['Composites du Sud souhaite entrer en relation avec vous']);
    expect(h1[0].text).toContain('au sujet de « Inspection des composites »');
    expect(h1[0].text).toContain(`${WEB}/partenaires/contacts/${contactId}`);
    expect(to(mails, iris.email).map((m) => m.subject)).toEqual(['Laboratoire ONERA Toulouse a accepté votre demande']);
  });

  it('notifies and e-mails the member organisation of a renewal reminder and a support answer, once each, and the staff who took it of the reply (network)', async () => {
    const [organisationId, poleId] = [randomUUID(), randomUUID()];
    const jules = await account('Jules', { kind: 'organisation', targetId: organisationId, role: 'member' });
    const kate = await account('Kate', { kind: 'organisation', targetId: organisationId, role: 'member' });
    await as(app, kate.principal).put('/api/v1/me/notification-preferences').send({ email: 'immediate', language: 'en' }).expect(200);
    const lea = await account('Léa', { kind: 'pole', targetId: poleId, role: 'pole_manager' });
    const max = await account('Max', { kind: 'pole', targetId: poleId, role: 'reviewer' });
    const membershipId = randomUUID();
    const reminder = event('network', membershipId, 1, 'membership.renewal_due', {
      membershipId, poleId, organisationId, organisationName: 'Composites du Sud', poleName: 'Aerospace Valley', endsOn: '2027-01-31', feeCents: 180_000, feeClass: 'PME',
    });
    expect(await deliver(app, reminder)).toBe('applied');
    // Delivered again (a lost acknowledgement): no second notification, no second e-mail.
    expect(await deliver(app, reminder)).not.toBe('applied');
    const supportRequestId = randomUUID();
    const support = { supportRequestId, poleId, organisationId, area: 'industrial_property' as const, poleName: 'Aerospace Valley', organisationName: 'Composites du Sud', subject: 'Brevet en Europe', assigneeId: max.id };
    const answered = event('network', supportRequestId, 1, 'support_request.answered', { ...support, messageId: randomUUID() });
    expect(await deliver(app, answered)).toBe('applied');
    expect(await deliver(app, answered)).not.toBe('applied');
    expect(await deliver(app, event('network', supportRequestId, 2, 'support_request.replied', { ...support, messageId: randomUUID() }))).toBe('applied');

    const member = { ...jules.principal, roles: ['applicant'], organisationIds: [organisationId] } as Principal;
    const seen = (await as(app, member).get('/api/v1/notifications').expect(200)).body.items as { message: string; link: string; eventType: string }[];
    expect(seen.map((n) => [n.eventType, n.message, n.link]).sort()).toEqual([
      ['membership.renewal_due', "L'adhésion de Composites du Sud d'Aerospace Valley prend fin le 31 janvier 2027 : renouvelez-la (cotisation 1 800 €)", `/api/v1/memberships/${membershipId}`],
      ['support_request.answered', "Réponse d'Aerospace Valley à votre demande d'accompagnement « Brevet en Europe »", `/api/v1/support-requests/${supportRequestId}`],
    ]);
    const n = await sql<{ event_type: string; audience_kind: string; audience_id: string }>(
      `select event_type, audience_kind, audience_id from tracker.notifications where event_id in (?, ?) or event_type = 'support_request.replied' and audience_id = ?`, [reminder.id, answered.id, max.id]);
    expect(n.map((r) => `${r.event_type}:${r.audience_kind}:${r.audience_id}`).sort()).toEqual([
      `membership.renewal_due:organisation:${organisationId}`, `support_request.answered:organisation:${organisationId}`, `support_request.replied:user:${max.id}`,
    ]);

    const mails = await waitFor(async () => {
      const m = await inbox();
      return to(m, jules.email).length === 2 && to(m, kate.email).length === 2 && to(m, max.email).length === 1 ? m : undefined;
    }, { what: 'the five e-mails', timeoutMs: 30_000 });
    const j = to(mails, jules.email);
    expect(j.map((m) => m.subject).sort()).toEqual(["Renouvellement de votre adhésion à Aerospace Valley", "Réponse à votre demande d'accompagnement"]);
    const renewal = j.find((m) => m.subject.startsWith('Renouvellement'))!;
    expect(renewal.text).toContain("L'adhésion de Composites du Sud à Aerospace Valley prend fin le 31 janvier 2027 : renouvelez-la (cotisation de 1 800 €).");
    expect(renewal.text).toContain(`${WEB}/adhesions`);
    expect(j.find((m) => m.subject.startsWith('Réponse'))!.text).toContain(`${WEB}/accompagnement/${supportRequestId}`);
    const k = to(mails, kate.email);
    expect(k.map((m) => m.subject).sort()).toEqual(['An answer to your support request', 'Renew your membership of Aerospace Valley']);
    expect(k.find((m) => m.subject.startsWith('Renew'))!.text).toContain('ends on 31 January 2027: renew it (a fee of €1,800).');
    expect(to(mails, max.email).map((m) => m.subject)).toEqual(['Composites du Sud a répondu']);
    for (const m of [...j, ...k]) expect(m.text).not.toMatch(/\/api\/|[0-9a-f]{8}-[0-9a-f]{4}-.*Composites/);
    // The pole's manager is not told of the member's reminder nor of an answer its staff gave.
    expect(to(mails, lea.email)).toEqual([]);

    // A lapse reaches both: the member on its memberships page, the pole's manager on the pole's.
    expect(await deliver(app, event('network', membershipId, 2, 'membership.lapsed', {
      membershipId, poleId, organisationId, organisationName: 'Composites du Sud', poleName: 'Aerospace Valley', endsOn: '2027-01-31',
    }))).toBe('applied');
    const lapsed = await waitFor(async () => {
      const m = await inbox();
      return to(m, lea.email).length === 1 && to(m, jules.email).length === 3 ? m : undefined;
    }, { what: 'the lapse e-mails', timeoutMs: 30_000 });
    const [toLea] = to(lapsed, lea.email);
    expect(toLea.subject).toBe('Adhésion de Composites du Sud expirée');
    expect(toLea.text).toContain(`${WEB}/pole/adhesions`);
    expect(to(lapsed, jules.email).find((m) => m.subject === toLea.subject)!.text).toContain(`${WEB}/adhesions\n`);
    expect((await sql<{ n: string }>(`select count(*)::text as n from tracker.emails e join tracker.notifications x on x.id = e.notification_id where x.event_id in (?, ?)`, [reminder.id, answered.id]))[0].n).toBe('4');
  });

  it('sends a pending e-mail whose job was lost (a crash after commit, a Redis wipe) once the sweeper passes', async () => {
    const id = randomUUID();
    const address = `lost-${id.slice(0, 8)}@example.test`;
    // Committed, never enqueued: as after a crash between the commit and the enqueue.
    await sql(`insert into tracker.emails (id, key, account_id, kind, status, to_address, language, subject, text_body, html_body, link)
               values (?, ?, ?, 'notification', 'pending', ?, 'fr', 'Retrouvé', 'Bonjour', '<p>Bonjour</p>', ?)`, [id, `test.${id}`, randomUUID(), address, `${WEB}/notifications`]);
    expect(await app.get(EmailWorker).sweep(0)).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (await sql<{ status: string }>(`select status from tracker.emails where id = ?`, [id]))[0].status === 'sent', { what: 'the swept e-mail sent' });
    expect(to(await inbox(), address).map((m) => m.subject)).toEqual(['Retrouvé']);
  });

  it('marks an e-mail failed once its attempts are exhausted, for an admin to list and resend', async () => {
    const admin: Principal = { userId: randomUUID(), email: 'admin@x.test', roles: ['admin'], organisationIds: [], poles: [], funderIds: [] };
    const id = randomUUID();
    await sql(`insert into tracker.emails (id, key, account_id, kind, status, to_address, language, subject, text_body, html_body, link)
               values (?, ?, ?, 'notification', 'pending', 'nobody@example.test', 'fr', 'Sujet', 't', '<p>t</p>', ?)`, [id, `test.${id}`, randomUUID(), `${WEB}/notifications`]);
    const worker = app.get(EmailWorker);
    await maildev.stop();
    try {
      await expect(worker.process({ data: { emailId: id }, attemptsMade: 0, opts: { attempts: 2 } })).rejects.toThrow();
      expect((await sql<{ status: string; attempts: number }>(`select status, attempts from tracker.emails where id = ?`, [id]))[0]).toEqual({ status: 'pending', attempts: 1 });
      await expect(worker.process({ data: { emailId: id }, attemptsMade: 1, opts: { attempts: 2 } })).rejects.toThrow();
    } finally {
      await maildev.start();
    }
    // As directory publishes it at sign-in: admin routes refuse an account with no published standing.
    await app.get<AccountStandings>(ACCOUNT_STANDINGS).put({
      accountId: admin.userId, version: 1, status: 'active', roles: ['admin'], orgs: [], poles: [], funders: [], minTokenVersion: 0,
    });
    const failed = (await as(app, admin).get('/api/v1/admin/emails?status=failed').expect(200)).body;
    expect(failed.items.map((i: { id: string }) => i.id)).toContain(id);
    expect(failed.items.find((i: { id: string }) => i.id === id)).toMatchObject({ status: 'failed', attempts: 2, subject: 'Sujet' });
    await as(app, { ...admin, userId: randomUUID(), roles: ['applicant'] }).get('/api/v1/admin/emails').expect(403);
    await as(app, { ...admin, userId: randomUUID(), roles: ['applicant'] }).post(`/api/v1/admin/emails/${id}/resend`).expect(403);

    // The SMTP server is back: the admin resends it (a new job; the failed one stays in BullMQ's failed set).
    const resent = (await as(app, admin).post(`/api/v1/admin/emails/${id}/resend`).expect(200)).body;
    expect(resent).toMatchObject({ id, status: 'pending', attempts: 0, resends: 1 });
    await waitFor(async () => (await sql<{ status: string }>(`select status from tracker.emails where id = ?`, [id]))[0].status === 'sent', { what: 'the resent e-mail sent' });
    expect(to(await inbox(), 'nobody@example.test').map((m) => m.subject)).toEqual(['Sujet']);
    expect((await as(app, admin).post(`/api/v1/admin/emails/${id}/resend`).expect(409)).body.code).toBe('EMAIL_NOT_FAILED');
    expect((await as(app, admin).post(`/api/v1/admin/emails/${randomUUID()}/resend`).expect(404)).body.code).toBe('EMAIL_NOT_FOUND');
  });
});
