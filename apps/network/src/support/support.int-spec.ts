import { createHash, randomUUID } from 'node:crypto';
import { waitFor } from '@poleflow/testing';
import { addDaysIso, todayIso } from '../memberships/fees.js';
import { SupportRequest } from './support.entity.js';
import { as, poleManager, principal, startNetwork, type Harness } from '../../test/harness.js';
import { application, organisation, pole } from '../../test/fixtures.js';

const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'), Buffer.alloc(2048, 0x20), Buffer.from('\n%%EOF\n')]);

describe('member support requests', () => {
  let h: Harness;
  beforeAll(async () => { h = await startNetwork('network-support', { env: { SUPPORT_DUE_DAYS: '10', SUPPORT_REMINDER_HOURS: '48' } }); });
  afterAll(async () => { await h?.close(); });

  async function memberOf(poleId: string, name = 'PME Usinage') {
    const org = await organisation(h.app, { name });
    const member = principal({ organisationIds: [org] });
    const m = (await as(h.app, member).post('/api/v1/memberships').send(application(poleId, org)).expect(201)).body;
    await as(h.app, poleManager(poleId)).post(`/api/v1/memberships/${m.id}/decision`).send({ decision: 'accepted' }).expect(200);
    return { org, member };
  }

  it('goes from the member to the pole\'s staff and back: taken, more asked, replied, answered, closed; with files', async () => {
    const poleId = await pole(h.app);
    const { org, member } = await memberOf(poleId);
    const staff = principal({ roles: ['reviewer'], poles: [{ poleId, role: 'reviewer' }] });
    const outsider = principal({ organisationIds: [await organisation(h.app, { name: 'Hors Pôle' })] });

    // Only a member organisation of the pole asks it; "other" says which area.
    const nonMemberOrg = await organisation(h.app, { name: 'Pas Adhérent' });
    const refused = await as(h.app, principal({ organisationIds: [nonMemberOrg] })).post('/api/v1/support-requests')
      .send({ poleId, organisationId: nonMemberOrg, area: 'international', subject: 'Export', body: 'Aide ?' }).expect(403);
    expect(refused.body.code).toBe('NOT_POLE_MEMBER');
    await as(h.app, member).post('/api/v1/support-requests').send({ poleId, organisationId: org, area: 'other', subject: 'Autre', body: 'x' }).expect(422);

    const opened = (await as(h.app, member).post('/api/v1/support-requests')
      .send({ poleId, organisationId: org, area: 'private_financing', subject: 'Levée de fonds', body: 'Nous préparons une levée de 2 M€.' }).expect(201)).body;
    expect(opened).toMatchObject({ status: 'open', taken: false, dueOn: addDaysIso(todayIso(), 10), organisationName: 'PME Usinage', messages: [{ side: 'member', kind: 'question', mine: true }] });

    // The member does not take or answer; an outsider sees nothing.
    expect((await as(h.app, member).post(`/api/v1/support-requests/${opened.id}/take`).expect(403)).body.code).toBe('NOT_POLE_STAFF');
    await as(h.app, member).post(`/api/v1/support-requests/${opened.id}/messages`).send({ kind: 'answer', body: 'x' }).expect(403);
    await as(h.app, outsider).get(`/api/v1/support-requests/${opened.id}`).expect(404);
    expect((await as(h.app, outsider).get(`/api/v1/support-requests?poleId=${poleId}`).expect(200)).body).toEqual([]);

    expect((await as(h.app, staff).post(`/api/v1/support-requests/${opened.id}/take`).expect(200)).body).toMatchObject({ status: 'in_progress', takenByMe: true });
    expect((await as(h.app, staff).post(`/api/v1/support-requests/${opened.id}/messages`).send({ kind: 'more_info', body: 'Votre plan de financement ?' }).expect(200)).body.status).toBe('awaiting_member');
    expect((await as(h.app, member).post(`/api/v1/support-requests/${opened.id}/messages`).send({ kind: 'reply', body: 'Ci-joint.' }).expect(200)).body.status).toBe('in_progress');

    const file = (await as(h.app, member).post(`/api/v1/support-requests/${opened.id}/attachments`).attach('file', PDF, { filename: 'plan.pdf', contentType: 'application/pdf' }).expect(201)).body;
    expect(file).toMatchObject({ filename: 'plan.pdf', sizeBytes: PDF.length, sha256: createHash('sha256').update(PDF).digest('hex') });
    // The request changed: a new ETag, so a browser's cached copy is not reused (If-None-Match).
    const withFile = await as(h.app, member).get(`/api/v1/support-requests/${opened.id}`).expect(200);
    expect(withFile.body.attachments.map((a: { id: string }) => a.id)).toEqual([file.id]);
    expect(withFile.body.version).toBeGreaterThan(opened.version + 2);
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(1024)]);
    expect((await as(h.app, member).post(`/api/v1/support-requests/${opened.id}/attachments`).attach('file', exe, { filename: 'plan.pdf', contentType: 'application/pdf' }).expect(415)).body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const got = await as(h.app, staff).get(`/api/v1/support-requests/${opened.id}/attachments/${file.id}/content`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    expect(Buffer.compare(got.body as Buffer, PDF)).toBe(0);
    await as(h.app, outsider).get(`/api/v1/support-requests/${opened.id}/attachments/${file.id}/content`).expect(404);

    await as(h.app, staff).post(`/api/v1/support-requests/${opened.id}/messages`).send({ kind: 'answer', body: 'Trois fonds régionaux à contacter.' }).expect(200);
    const closed = (await as(h.app, staff).post(`/api/v1/support-requests/${opened.id}/close`).send({ outcome: 'Mise en relation avec deux fonds.' }).expect(200)).body;
    expect(closed).toMatchObject({ status: 'closed', outcome: 'Mise en relation avec deux fonds.', attachments: [{ id: file.id, side: 'member' }] });
    expect(closed.messages.map((m: { side: string; kind: string }) => `${m.side}:${m.kind}`)).toEqual(['member:question', 'staff:more_info', 'member:reply', 'staff:answer']);
    expect((await as(h.app, member).post(`/api/v1/support-requests/${opened.id}/messages`).send({ kind: 'reply', body: 'Merci' }).expect(409)).body.code).toBe('INVALID_SUPPORT_TRANSITION');
    const types = await h.em().getConnection().execute<{ type: string }[]>(`select type from network.outbox where stream_id = ? order by sequence`, [opened.id]);
    expect(types.map((t) => t.type)).toEqual([
      'support_request.opened', 'support_request.taken', 'support_request.more_info_requested', 'support_request.replied', 'support_request.answered', 'support_request.closed',
    ]);

    // The pole dashboard: members, fees of the running year, support by area and time to close.
    const dash = (await as(h.app, poleManager(poleId)).get(`/api/v1/network/poles/${poleId}/dashboard`).expect(200)).body;
    expect(dash).toMatchObject({ members: 1, applications: 0, feesDueCents: 90_000, feesPaidCents: 0, supportOverdue: 0 });
    expect(dash.byClass.find((r: { key: string }) => r.key === 'PME').count).toBe(1);
    expect(dash.support.find((r: { area: string }) => r.area === 'private_financing')).toMatchObject({ open: 0, closed: 1 });
    expect(dash.supportMedianDaysToClose).toBeGreaterThanOrEqual(0);
    // "Partner wanted" requests of the pole: 1 open, 3 found (in 2, 4, 10 days), 1 closed without; another pole's not counted.
    const day = 86_400_000;
    const posted = [['open', null, null], ['found', 2, poleId], ['found', 4, poleId], ['found', 10, poleId], ['closed', 1, poleId], ['found', 1, randomUUID()]] as const;
    for (const [i, [status, days, on]] of posted.entries()) {
      const created = new Date(Date.now() - 30 * day);
      await h.em().getConnection().execute(
        `insert into network.partner_requests (id, author_organisation_id, author_user_id, pole_id, title, idea, competence, kinds_sought, regions_sought, themes, deadline, visibility, status, found_organisation_id, created_at, closed_at)
         values (?, ?, ?, ?, ?, 'idée', 'compétence', '[]', '[]', '[]', '2027-06-30', 'pole', ?, null, ?, ?)`,
        [randomUUID(), org, randomUUID(), on ?? poleId, `Recherche ${i}`, status, created, days === null ? null : new Date(created.getTime() + days * day)]);
    }
    const partners = (await as(h.app, poleManager(poleId)).get(`/api/v1/network/poles/${poleId}/dashboard`).expect(200)).body.partnerRequests;
    expect(partners).toEqual({ open: 1, found: 3, closed: 1, foundShare: 0.75, medianDaysToFind: 4 });
    expect((await as(h.app, member).get(`/api/v1/network/poles/${poleId}/dashboard`).expect(403)).body.code).toBe('NOT_POLE_STAFF');
  });

  it('reminds the staff before the due date (timer), and re-arms both timers when the due date moves', async () => {
    const poleId = await pole(h.app);
    const { org, member } = await memberOf(poleId, 'Labo Export');
    const r = (await as(h.app, member).post('/api/v1/support-requests')
      .send({ poleId, organisationId: org, area: 'international', subject: 'Salon à Singapour', body: 'Accompagnement ?' }).expect(201)).body;
    // Due in 10 days, reminder 2 days before: nothing yet. Moved to tomorrow: the reminder is due at once.
    const tomorrow = addDaysIso(todayIso(), 1);
    await as(h.app, poleManager(poleId)).patch(`/api/v1/support-requests/${r.id}`).send({ dueOn: addDaysIso(todayIso(), -1) }).expect(422);
    await as(h.app, poleManager(poleId)).patch(`/api/v1/support-requests/${r.id}`).send({ dueOn: tomorrow }).expect(200);
    const reminded = await waitFor(async () => {
      const row = await h.em().findOne(SupportRequest, r.id);
      return row?.remindedAt ? row : null;
    }, { what: 'the due-date reminder', timeoutMs: 15_000 });
    expect(reminded.overdueAt).toBeNull();
    // The timers' rows commit with the inbox transaction that armed them (their Redis job may fire first).
    const timers = await waitFor(async () => {
      const rows = await h.em().getConnection().execute<{ kind: string; key: string; fire_at: Date }[]>(
        `select kind, key, fire_at from network.timers where key like ? order by kind, fire_at desc`, [`${r.id}.%`],
      );
      return rows.length === 4 ? rows : null;
    }, { what: 'four timers' });
    expect(timers.map((t) => [t.kind, t.key.split('.')[1]])).toEqual([
      ['support_due_reminder', addDaysIso(todayIso(), 10)], ['support_due_reminder', tomorrow],
      ['support_overdue', addDaysIso(todayIso(), 10)], ['support_overdue', tomorrow],
    ]);
    expect(new Date(timers.find((t) => t.kind === 'support_overdue' && t.key.endsWith(tomorrow))!.fire_at).toISOString()).toBe(`${addDaysIso(tomorrow, 1)}T00:00:00.000Z`);
    const due = await h.em().getConnection().execute<{ type: string }[]>(`select type from network.outbox where stream_id = ? and type = 'support_request.due_soon'`, [r.id]);
    expect(due).toHaveLength(1);
  });
});
