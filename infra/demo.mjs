// npm run demo — a scripted walk through the public API of a running platform (npm start first).
// Registers a new company and its user, builds a consortium with two demo partners and submits the project to
// Aerospace Valley (lead) and Systematic Paris-Region (co-labelling). Then labelling: each pole's manager admits
// its case and assigns reviewers (a conflict of interest is refused), the reviewers score the project, Systematic
// labels it and Aerospace Valley asks for a revision; the company amends and resubmits, Aerospace Valley reviews
// round 2 and labels it. Both labels are verified publicly. Then funding: the company lists the open calls, is
// refused by last year's closed i-Démo 4 and applies to Bpifrance's PSPC-like call; funding assesses it (every rule
// with its reason, the GBER ceilings per partner); Bpifrance's officer is refused a grant above a ceiling, then
// grants within the ceilings with a tranche schedule; the funder dashboard is printed. Then milestones: the plan
// made from the grant (due dates, TRL expected, each partner's share of each tranche); the company attaches a PDF as
// evidence (a forbidden file type is refused) and reports the prototype; it may not validate it itself; the officer
// rejects it, the company adds the missing evidence and reports again, the officer validates it (the tranche is
// released, with the repayment schedule of the repayable advance); then industrialisation, then the market launch,
// which ends the journey. The tracker's timeline, from submission to the market, is printed last.
// Env: GATEWAY_URL (default http://127.0.0.1:3000). Re-runnable: every run registers a new company.
/* global Blob, FormData */
import { createHash } from 'node:crypto';

import {
  GW, PASSWORD, api, as, eur, expectThat, login, mark, refresh, randomSiren, refused, say, step,
} from './demo-client.mjs';

step(`register a new company user on ${GW}`);
const email = `demo-${Date.now()}@hydrogen.test`;
// 202 and the same answer for a new or an existing e-mail (no account enumeration): signing in proves the account.
await api('POST', '/api/v1/auth/register', { body: { email, password: PASSWORD, displayName: 'Dana Demo' } });
let token = await login(email);
const siren = randomSiren();
const org = (await api('POST', '/api/v1/organisations', { token, body: {
  name: `H2 Propulsion ${siren.slice(0, 3)}`, kind: 'company', siren, siret: null, region: 'Occitanie', nafCode: '30.30Z',
  headcount: 32, turnoverCents: 6_500_000_00, balanceSheetCents: 4_000_000_00,
} })).body;
say(`${org.name} — SIREN ${org.siren}, EU size ${org.sizeEu}, French category ${org.categoryFr}`);
token = await refresh(email);

step('find the poles: aeronautics (lead) and a co-labelling pole');
const findPole = async (q, name) => (await api('GET', `/api/v1/poles?q=${encodeURIComponent(q)}`)).body.items.find((p) => p.name === name);
const lead = await findPole('aerospace valley', 'Aerospace Valley');
const co = await findPole('systematic', 'Systematic Paris-Region');
say(`lead: ${lead.name} (${lead.regions.join(', ')}); co-label: ${co.name} (${co.regions.join(', ')})`);

step('build the consortium by invitation: find Composites du Sud and the ONERA lab (public facts only), invite them');
const lookup = async (query) => (await api('GET', `/api/v1/organisations/public?${query}`, { token })).body.items[0];
const composites = await lookup('q=composites%20du%20sud');
const onera = await lookup('siren=775722879');
for (const o of [composites, onera]) say(`found ${o.name} — SIREN ${o.siren}, ${o.region}, ${o.kind}${o.sizeClass ? `, ${o.sizeClass}` : ''}`);
// The first day of the month four months ahead: after any application date of this run (calls may require it).
const now = new Date();
const startDate = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 4, 1)).toISOString().slice(0, 10);
const project = await api('POST', '/api/v1/projects', { token, headers: { 'idempotency-key': `demo-${siren}` }, body: {
  acronym: 'H2WING', title: 'Hydrogen propulsion for regional aircraft wings', summary: 'A liquid-hydrogen tank integrated in a composite wing box, from lab proof to a flight-representative prototype.',
  themes: ['aeronautics-space', 'energy'], keywords: ['hydrogen', 'composites', 'cryogenics'], trlStart: 3, trlTarget: 6, startDate, durationMonths: 30,
  coordinatorOrganisationId: org.id, poleIds: [lead.id, co.id],
} });
const projectId = project.body.id;
const readProject = async (who = email) => as(who, 'GET', `/api/v1/projects/${projectId}`);
const invitations = {};
for (const [o, message] of [[composites, 'WP3: composite wing-box manufacturing'], [onera, 'WP2: cryogenic test campaign']]) {
  invitations[o.id] = (await api('POST', `/api/v1/projects/${projectId}/invitations`, { token, body: { organisationId: o.id, message } })).body;
  say(`invited ${o.name} (${message})`);
}

step('each partner sees the invitation (project summary, proposed role) and accepts');
for (const [who, o] of [['bruno@composites.test', composites], ['chloe@onera.test', onera]]) {
  const mine = (await as(who, 'GET', '/api/v1/invitations')).body.items.find((i) => i.id === invitations[o.id].id);
  say(`${who} sees: ${mine.project.acronym} by ${mine.project.coordinatorName} — « ${mine.project.summary.slice(0, 60)}… » as ${mine.role}: ${mine.message}`);
  const accepted = (await as(who, 'POST', `/api/v1/invitations/${mine.id}/accept`, { body: {} })).body;
  say(`${o.name}: ${accepted.status} at ${accepted.answeredAt}`);
}

step('budgets and GBER declarations: the coordinator enters its own and Composites\' lines and ONERA\'s declarations; ONERA enters its own budget');
let etag = (await readProject()).etag;
const setBudget = async (who, orgId, budget) => { etag = (await as(who, 'PUT', `/api/v1/projects/${projectId}/partners/${orgId}`, { body: { budget }, headers: { 'if-match': etag } })).etag; };
await setBudget(email, org.id, { industrial: { personnel: 60_000_000, equipment: 15_000_000, overheads: 9_000_000 }, experimental: { personnel: 20_000_000 } });
await setBudget(email, composites.id, { industrial: { personnel: 25_000_000, subcontracting: 5_000_000 }, experimental: { equipment: 12_000_000 } });
etag = (await api('PUT', `/api/v1/projects/${projectId}/partners/${onera.id}/declarations`, { token, body: { nonEconomicActivity: true, mayPublish: true }, headers: { 'if-match': etag } })).etag;
etag = (await api('PUT', `/api/v1/projects/${projectId}/dissemination`, { token, body: { declared: true, kinds: ['conferences', 'open_access_publications'] }, headers: { 'if-match': etag } })).etag;
await setBudget('chloe@onera.test', onera.id, { fundamental: { personnel: 18_000_000 }, industrial: { personnel: 22_000_000, other: 3_000_000 } });
for (const p of (await readProject()).body.partners) {
  say(`${p.name}: ${eur(p.totalCents)}, ${p.confirmed ? `confirmed by its members at ${p.confirmedAt}` : 'waiting for its confirmation'}${p.nonEconomicActivity ? ', non-economic activity declared' : ''}`);
}
const incomplete = await refused(api('POST', `/api/v1/projects/${projectId}/submit`, { token, headers: { 'if-match': etag } }), 422, 'CONSORTIUM_INCOMPLETE');
say(`submitting now is refused: ${incomplete.code} — ${incomplete.errors.map((e) => e.message).join('; ')}`);
etag = (await as('bruno@composites.test', 'POST', `/api/v1/projects/${projectId}/partners/${composites.id}/confirmation`, { headers: { 'if-match': etag } })).etag;
say('Composites du Sud confirms the budget the coordinator entered');

step('submit to both poles');
const submitted = await api('POST', `/api/v1/projects/${projectId}/submit`, { token, headers: { 'if-match': etag } });
say(`status ${submitted.body.status}, round ${submitted.body.round}, total ${eur(submitted.body.totalCents)}`);

// ─── Labelling ────────────────────────────────────────────────────────────────────────────────────────────────
const CRITERIA = ['strategy_fit', 'innovation', 'market_potential', 'consortium_quality', 'territorial_impact', 'budget_realism'];
const VERDICT = ['absent', 'very weak', 'weak', 'adequate', 'strong', 'excellent'];
/** A review: one score 0–5 per criterion (CRITERIA order), each with a comment, a recommendation and a summary. */
const opinion = (recommendation, marks, summary) => ({
  recommendation, summary, scores: Object.fromEntries(CRITERIA.map((c, i) => [c, { score: marks[i], comment: `${c.replace(/_/g, ' ')}: ${VERDICT[marks[i]]}` }])),
});
const AV = {
  pole: lead, manager: 'manager@aerospace-valley.test', conflicted: 'expert@onera.test',
  reviewers: ['reviewer@aerospace-valley.test', 'reviewer2@aerospace-valley.test'],
  opinions: {
    1: [opinion('revise', [4, 4, 2, 3, 3, 2], 'Promising, but the certification path and the Occitanie footprint are thin.'),
      opinion('revise', [5, 4, 3, 3, 2, 2], 'Strong idea; budget and test plan need work.')],
    2: [opinion('label_with_conditions', [5, 4, 4, 4, 4, 4], 'The revision answers both requests.'),
      opinion('label_with_conditions', [4, 5, 4, 4, 5, 3], 'Good; keep the pole informed of the cryogenic tests.')],
  },
};
const SYS = {
  pole: co, manager: 'manager@systematic.test',
  reviewers: ['reviewer@systematic.test', 'reviewer2@systematic.test'],
  opinions: { 1: [opinion('label', [3, 5, 4, 4, 2, 4], 'Solid digital-twin work package for the tank monitoring.'),
    opinion('label', [4, 4, 2, 4, 2, 3], 'Good science; the market case is optimistic.')] },
};
const cases = new Map(); // pole → its case id

const readCase = async (p) => as(p.manager, 'GET', `/api/v1/cases/${cases.get(p)}`);
/** The pole's case of the project, once labelling has opened `round` of it (it then waits for admissibility). */
async function awaitCase(p, round) {
  const c = expectThat((await as(p.manager, 'GET', `/api/v1/cases?projectId=${projectId}`)).body.items
    .find((x) => x.pole.id === p.pole.id && x.round === round && x.status === 'admissibility'), `${p.pole.name}'s case, round ${round}`);
  cases.set(p, c.id);
  say(`${p.pole.code}: case ${c.id} (${c.lead ? 'lead' : 'co-labelling'}, round ${c.round})`);
}
/** The manager reads the computed checks and admits the case, motivating any failed check. */
async function admit(p) {
  const { body, etag: ifMatch } = await readCase(p);
  for (const c of body.checks) say(`${p.pole.code}  ${mark(c.passed)} ${c.key.padEnd(24)} ${c.reason}`);
  const failed = body.checks.filter((c) => !c.passed).map((c) => c.key);
  const motivation = failed.length ? `Admitted despite ${failed.join(', ')}: the hydrogen wing box serves the pole's roadmap and partners.` : undefined;
  const r = await as(p.manager, 'POST', `/api/v1/cases/${body.id}/admissibility`, { headers: { 'if-match': ifMatch }, body: { admissible: true, motivation } });
  say(`${p.pole.code}: admissible → ${r.body.status}${failed.length ? ` (overriding ${failed.join(', ')})` : ''}`);
}
/** The pole's reviewer pool in directory: e-mail → account id. */
async function pool(p) {
  const { items } = (await as(p.manager, 'GET', `/api/v1/poles/${p.pole.id}/reviewers?limit=100`)).body;
  return new Map(items.map((r) => [r.email, r.accountId]));
}
const assign = async (p, reviewer, ids) =>
  as(p.manager, 'POST', `/api/v1/cases/${cases.get(p)}/assignments`, { body: { reviewerUserId: ids.get(reviewer) } });
async function assignReviewers(p, round) {
  const ids = await pool(p);
  if (p.conflicted && round === 1) {
    const problem = await refused(assign(p, p.conflicted, ids), 409);
    say(`${p.pole.code}: ${p.conflicted} refused as expected — ${problem.code}: ${problem.detail}`);
  }
  for (const r of p.reviewers) say(`${p.pole.code}: assigned ${r}, due ${(await assign(p, r, ids)).body.dueAt.slice(0, 10)}`);
}
/** Each reviewer finds the assignment in their list, saves the review, then submits it. */
async function review(p, round) {
  for (const [i, reviewer] of p.reviewers.entries()) {
    const a = (await as(reviewer, 'GET', '/api/v1/assignments')).body.items.find((x) => x.caseId === cases.get(p) && x.round === round && x.status === 'assigned');
    const draft = await as(reviewer, 'PUT', `/api/v1/assignments/${a.id}/review`, { body: p.opinions[round][i] });
    await as(reviewer, 'POST', `/api/v1/assignments/${a.id}/review/submit`);
    say(`${p.pole.code}: ${reviewer} submitted — weighted ${draft.body.review.weightedScore}/5, recommends ${draft.body.review.recommendation}`);
  }
}
/** The manager reads the reviews' summary and records the committee decision. */
async function decide(p, decision) {
  const { body, etag: ifMatch } = await readCase(p);
  const { weightedAverage, disagreement, criteria, recommendations } = body.scores;
  const spread = (c) => { const x = criteria.find((k) => k.criterion === c); return `${c} ${x.min}–${x.max}`; };
  const recommended = Object.entries(recommendations).filter(([, n]) => n).map(([r, n]) => `${n}× ${r}`).join(', ');
  say(`${p.pole.code}: ${body.scores.reviewCount} reviews (quorum ${body.quorum}), weighted average ${weightedAverage}/5, ${recommended}`);
  say(`${p.pole.code}: ${disagreement.length ? `reviewers disagree on ${disagreement.map(spread).join(', ')}` : 'no disagreement between the reviewers'}`);
  const r = await as(p.manager, 'POST', `/api/v1/cases/${body.id}/decision`, { headers: { 'if-match': ifMatch }, body: decision });
  say(`${p.pole.code}: ${decision.outcome}${r.body.label ? ` — label ${r.body.label.number}, valid until ${r.body.label.validUntil}` : ''}`);
  for (const change of decision.requestedChanges ?? []) say(`${p.pole.code}:   requested: ${change}`);
  return r.body;
}
/** One labelling round on some poles: every manager admits, assigns, then the reviewers review. */
async function labellingRound(poles, round) {
  step(`round ${round}: ${poles.map((p) => p.manager).join(', ')}: wait for the case, read the checks, admit it`);
  for (const p of poles) await awaitCase(p, round);
  for (const p of poles) await admit(p);
  step(`round ${round}: the managers assign reviewers from their pool`);
  for (const p of poles) await assignReviewers(p, round);
  step(`round ${round}: the reviewers score the project on the rubric`);
  for (const p of poles) await review(p, round);
}

await labellingRound([AV, SYS], 1);

step('the committees decide: Systematic labels, Aerospace Valley asks for a revision');
const sysDecision = await decide(SYS, {
  outcome: 'labelled', callRef: 'i-Démo 2026', motivation: 'Innovative monitoring of the cryogenic tank; a credible consortium.',
});
await decide(AV, {
  outcome: 'revision_requested', motivation: 'A strong project; two points must be addressed before the committee can label it.',
  requestedChanges: ['Detail the certification path of the cryogenic tank (CS-25) and its test plan',
    'Show the share of the work done in Occitanie and Nouvelle-Aquitaine (wing-box integration site)'],
});

step('the company sees the revision request, amends the project and resubmits');
const revising = await api('GET', `/api/v1/projects/${projectId}`, { token });
expectThat(revising.body.status === 'revision_requested' && revising.body.openRevisionRequests.length, 'the project to be revision_requested');
const poleName = (id) => [lead, co].find((p) => p.id === id)?.name ?? id;
for (const rr of revising.body.openRevisionRequests) {
  say(`${poleName(rr.poleId)} (${rr.lead ? 'lead' : 'co-labelling'}): ${rr.motivation}`);
  for (const change of rr.requestedChanges) say(`  – ${change}`);
}
const amended = await api('PATCH', `/api/v1/projects/${projectId}`, { token, headers: { 'if-match': revising.etag }, body: {
  summary: `${revising.body.summary} Certification path: CS-25 cryogenic test campaign at ONERA Toulouse; wing-box integration in Toulouse (Occitanie).`,
} });
const resubmitted = await api('POST', `/api/v1/projects/${projectId}/resubmit`, { token, headers: { 'if-match': amended.etag } });
say(`summary amended; status ${resubmitted.body.status}, round ${resubmitted.body.round}`);

await labellingRound([AV], 2);

step('round 2: Aerospace Valley labels the project, with a condition');
const avDecision = await decide(AV, {
  outcome: 'labelled', callRef: 'i-Démo 2026', motivation: 'The revision answers both requests.',
  conditions: ['Report the cryogenic test results to the pole before the prototype milestone'],
});

step('anyone can verify the labels, without an account');
for (const number of [avDecision.label.number, sysDecision.label.number]) {
  const l = (await api('GET', `/api/v1/labels/${number}`)).body;
  say(`${l.number}: ${l.status}, ${l.project.acronym} by ${l.pole.name} (${l.lead ? 'lead' : 'co-labelling'}), granted ${l.grantedAt.slice(0, 10)}, valid until ${l.validUntil}, call ${l.callRef}${l.conditions.length ? `, conditions: ${l.conditions.join('; ')}` : ''}`);
}
const fake = `${lead.code}-2000-0042`;
const problem = await refused(api('GET', `/api/v1/labels/${fake}`), 404);
say(`${fake}: 404 ${problem.code} — ${problem.detail}`);

// ─── Funding ──────────────────────────────────────────────────────────────────────────────────────────────────
const OFFICER = 'officer@bpifrance.test';
const CATEGORY = { fundamental: 'fundamental research', industrial: 'industrial research', experimental: 'experimental development' };
const TRANCHES = [{ milestone: 'prototype', percent: 30 }, { milestone: 'industrialisation', percent: 40 }, { milestone: 'market_launch', percent: 30 }];
const calls = async (status) => (await as(email, 'GET', `/api/v1/calls?status=${status}&limit=100`)).body.items;
const applyTo = (call) => as(email, 'POST', `/api/v1/calls/${call.id}/applications`, { body: { projectId } });

step('the company lists the open calls (soonest closing first)');
const open = await calls('open');
for (const c of open) say(`${c.title} — ${c.funderName}, closes ${c.closesAt.slice(0, 10)}`);
const pspc = open.find((c) => c.funderName === 'Bpifrance' && c.title.includes('PSPC'));
const closed = (await calls('closed')).find((c) => c.title.startsWith('i-Démo 4'));

step(`it tries last year's ${closed.title} first`);
const late = await refused(applyTo(closed), 409, 'CALL_CLOSED');
say(`refused as expected — ${late.code}: ${late.detail}`);

step(`it applies ${project.body.acronym} to « ${pspc.title} » (${pspc.funderName})`);
const applied = (await applyTo(pspc)).body;
say(`application ${applied.id}: ${applied.status}`);
const readApplication = (who) => as(who, 'GET', `/api/v1/applications/${applied.id}`);

step('funding assesses it asynchronously: every rule of the call, then the GBER art. 25 ceilings per partner');
const failures = (a) => a.assessment.rules.filter((r) => !r.passed).map((r) => `${r.type}: ${r.reason.fr}`).join('; ');
// Funding assesses in the transaction that applies funding.requested, which the application's token names.
const application = (await readApplication(email)).body;
if (application.status !== 'eligible') throw new Error(`expected an eligible assessment, got ${application.status} — ${failures(application)}`);
const { assessment } = application;
for (const r of assessment.rules) say(`${mark(r.passed)} ${r.type.padEnd(30)} ${r.reason.fr}`);
/** "industrial research: 50 % of 840 000 € (GBER 80 %: size +20, collaboration +15, capped)" */
const categoryLine = (c) => {
  const gber = [...c.bonuses.map((b) => `${b.kind} +${b.points}`), ...(c.capped ? ['capped'] : [])];
  return `${CATEGORY[c.category]}: ${c.appliedBps / 100} % of ${eur(c.costsCents)} (GBER ${c.gberBps / 100} %${gber.length ? `: ${gber.join(', ')}` : ''})`;
};
const { ceilings } = assessment;
for (const p of ceilings.partners) {
  const limited = p.categories.some((c) => c.limitedByScheme);
  say(`${p.name}: max aid ${eur(p.maxAidCents)}${limited ? ', limited by the scheme rate' : ', at the GBER ceiling'}`);
  for (const c of p.categories) say(`    ${categoryLine(c)}`);
}
say(`total: max aid ${eur(ceilings.totalMaxAidCents)} on ${eur(ceilings.totalCostsCents)} of eligible costs (${ceilings.ruleVersion}; `
  + `collaboration bonus ${ceilings.collaboration.applies ? 'applies' : 'does not apply'}; scheme rates ${assessment.labelled ? 'with' : 'without'} the label bonus)`);
const { declarations, declarationEffects } = assessment;
say(`declared: wide dissemination ${declarations.wideDissemination.declared ? `yes (${declarations.wideDissemination.kinds.join(', ')})` : 'no'}`);
for (const d of declarations.partners) say(`  ${d.name}: non-economic activity ${d.nonEconomicActivity}, may publish ${d.mayPublish}, ${d.confirmed ? 'confirmed' : 'not confirmed (ignored)'}`);
for (const e of declarationEffects.partners) say(`  ${e.name}: ceiling ${eur(e.maxAidCentsWithout)} without the declarations, ${eur(e.maxAidCentsWith)} with them${e.outsideStateAid ? ' (outside State aid)' : ''}`);

step(`${OFFICER} reads the application and grants it within the ceilings`);
const { body: toDecide, etag: version } = await readApplication(OFFICER);
// The coordinator, closest to the market, gets a repayable advance when the call offers one; the others a grant.
const aidFormOf = (id) => (id === org.id && pspc.aidForms.includes('repayable_advance') ? 'repayable_advance' : 'grant');
const lines = toDecide.assessment.ceilings.partners.map((p) => ({
  organisationId: p.partnerId, amountCents: Math.floor((p.maxAidCents * 0.9) / 100) * 100, aidForm: aidFormOf(p.partnerId),
}));
const grant = (partnerLines) => as(OFFICER, 'POST', `/api/v1/applications/${applied.id}/decision`, { headers: { 'if-match': version }, body: {
  outcome: 'granted', partners: partnerLines, tranches: TRANCHES,
  motivation: 'A labelled, balanced consortium with a credible path from the cryogenic tank prototype to a flight-representative wing box.',
} });
const [first] = toDecide.assessment.ceilings.partners;
const above = await refused(grant([{ ...lines[0], amountCents: first.maxAidCents + 100 }, ...lines.slice(1)]), 422, 'AID_ABOVE_CEILING');
say(`1 € above ${first.name}'s ceiling: refused as expected — ${above.code}: ${above.detail}`);
say(`  details: ${above.details.name} asked ${eur(above.details.amountCents)}, ceiling ${eur(above.details.ceilingCents)}`);
const granted = (await grant(lines)).body;
for (const l of granted.decision.partners) say(`${l.name}: ${eur(l.amountCents)} as ${l.aidForm.replace(/_/g, ' ')}`);
say(`${granted.status}: ${eur(granted.decision.totalCents)} in tranches ${granted.decision.tranches.map((t) => `${t.milestone.replace(/_/g, ' ')} ${t.percent} %`).join(', ')}`);

step(`${pspc.funderName}'s dashboard, as the tracker built it from the events`);
const dashboard = (await as(OFFICER, 'GET', `/api/v1/dashboards/funders/${pspc.funderId}`)).body;
expectThat(dashboard.latest.some((a) => a.applicationId === applied.id && a.status === 'granted'), 'the grant on the funder dashboard');
const { total, ...byStatus } = dashboard.applications;
say(`${dashboard.name}: ${total} application(s) of ${dashboard.projects} project(s) — ${Object.entries(byStatus).map(([s, n]) => `${n} ${s}`).join(', ')}; ${eur(dashboard.grantedCents)} granted`);

// ─── Milestones ───────────────────────────────────────────────────────────────────────────────────────────────
const words = (key) => key.replace(/_/g, ' ');
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const milestonePath = (m, action = '') => `/api/v1/milestones/${m.id}${action}`;

/** A minimal valid one-page PDF saying `text` (ASCII): five objects, the xref table of their offsets, the trailer. */
function minimalPdf(text) {
  const content = `BT /F1 16 Tf 72 720 Td (${text.replace(/[()\\]/g, '\\$&')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => { const at = pdf.length; pdf += `${i + 1} 0 obj\n${o}\nendobj\n`; return at; });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  return Buffer.from(`${pdf}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`, 'latin1');
}
/** The company attaches a file to a milestone (multipart `file`); milestones checks its type on the content. */
function attach(m, filename, bytes, type) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type }), filename);
  return as(email, 'POST', milestonePath(m, '/evidence'), { form });
}
async function attachPdf(m, filename, text) {
  const pdf = minimalPdf(text);
  const { body } = await attach(m, filename, pdf, 'application/pdf');
  if (body.sha256 !== sha256(pdf)) throw new Error(`evidence ${body.id}: SHA-256 ${body.sha256}, ours ${sha256(pdf)}`);
  say(`${words(m.key)}: attached ${body.filename} (${body.contentType}, ${body.sizeBytes} bytes), SHA-256 ${body.sha256}`);
}
async function reportMilestone(m, report) {
  const { body } = await as(email, 'POST', milestonePath(m, '/report'), { body: report });
  const r = body.reports.at(-1);
  say(`${words(m.key)} reported${r.attempt > 1 ? ` (attempt ${r.attempt})` : ''}: TRL ${r.trlReached} reached (expected ${body.trlExpected}), `
    + `${eur(r.spentCents)} spent, evidence: ${r.evidence.map((e) => e.filename).join(', ') || 'none'} → ${body.status}`);
  const launch = r.marketLaunch;
  if (launch) say(`  ${launch.product}, launched ${launch.launchDate}, first customers ${launch.firstCustomers.join(', ')}, revenue ${eur(launch.revenueCents ?? 0)}`);
}
/** A review of the milestone by `who`, with the ETag just read. */
async function reviewMilestone(who, m, decision, comment) {
  const { etag: ifMatch } = await as(who, 'GET', milestonePath(m));
  return (await as(who, 'POST', milestonePath(m, '/review'), { headers: { 'if-match': ifMatch }, body: { decision, comment } })).body;
}
/** The officer validates: the tranche is released to the partners, a repayable advance with its repayment schedule. */
async function validateMilestone(m, comment) {
  const v = await reviewMilestone(OFFICER, m, 'validated', comment);
  say(`${words(m.key)} ${v.status} by ${OFFICER}: tranche of ${eur(v.amountCents)} released ${v.releasedAt.slice(0, 10)}`);
  for (const p of v.partners) {
    const schedule = (v.repayments ?? []).filter((r) => r.organisationId === p.organisationId);
    say(`    ${p.name}: ${eur(p.amountCents)} as ${words(p.aidForm)}${schedule.length ? `, to repay ${schedule.map((r) => `${eur(r.amountCents)} on ${r.dueDate}`).join(', ')}` : ''}`);
  }
}
const deliver = async (m, report, comment) => { await reportMilestone(m, report); await validateMilestone(m, comment); };

step('milestones makes the plan from the grant: one milestone per tranche along the project, each partner\'s share in exact cents');
const plan = (await as(email, 'GET', `/api/v1/milestones?projectId=${projectId}`)).body;
expectThat(plan.length === TRANCHES.length, `a milestone plan of ${TRANCHES.length} milestones`);
for (const m of plan) {
  say(`${words(m.key).padEnd(17)} due ${m.dueAt.slice(0, 10)}, TRL ${m.trlExpected} expected, tranche ${m.percent} %: ${eur(m.amountCents)} (${m.funderName})`);
  for (const p of m.partners) say(`    ${p.name}: ${eur(p.amountCents)} as ${words(p.aidForm)}`);
}
const { prototype, industrialisation, market_launch: marketLaunch } = Object.fromEntries(plan.map((m) => [m.key, m]));

step('the company attaches evidence to the prototype milestone; a file that is not an accepted type is refused');
await attachPdf(prototype, 'h2wing-prototype-design-review.pdf', 'H2WING - prototype design review');
const exe = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff, 0, 0]), Buffer.from('This program cannot be run in DOS mode.')]);
const forbidden = await refused(attach(prototype, 'cryogenic-tests.pdf', exe, 'application/pdf'), 415, 'UNSUPPORTED_MEDIA_TYPE');
say(`an executable named cryogenic-tests.pdf: refused as expected — ${forbidden.code}: ${forbidden.detail}`);

step('the company reports the prototype (TRL 6), and may not validate its own milestone');
const prototypeReport = { trlReached: 6, spentCents: 82_000_000, summary: 'Flight-representative wing-box prototype with its integrated liquid-hydrogen tank, built in Toulouse.' };
await reportMilestone(prototype, prototypeReport);
const own = await refused(reviewMilestone(email, prototype, 'validated', 'Our prototype works.'), 403, 'NOT_A_FUNDER_OFFICER');
say(`the company validating it: refused as expected — ${own.code}: ${own.detail}`);

step(`${OFFICER} rejects it: the label's condition is not met`);
const rejected = await reviewMilestone(OFFICER, prototype, 'rejected', 'The cryogenic test results, a condition of the Aerospace Valley label, are missing: attach them and report again.');
say(`${words(prototype.key)} ${rejected.status}: ${rejected.reviews.at(-1).comment}`);

step('the company attaches the test results and reports again; the officer validates and the tranche is released');
await attachPdf(prototype, 'h2wing-cryogenic-tests.pdf', 'H2WING - cryogenic test campaign, ONERA Toulouse: 200 cycles at 20 K, no leak');
await deliver(prototype, { ...prototypeReport, summary: `${prototypeReport.summary} Cryogenic test results attached (reported to Aerospace Valley).` },
  'Prototype and cryogenic test campaign validated.');

step('industrialisation: reported (TRL 8) and validated');
await deliver(industrialisation, { trlReached: 8, spentCents: 161_000_000, summary: 'Pre-series of four tanks on the Toulouse line; CS-25 qualification file submitted.' },
  'Pre-series and qualification file validated.');

step('the market launch: product, launch date, first customers and revenue; the officer confirms it');
await deliver(marketLaunch, {
  trlReached: 9, spentCents: 189_000_000, summary: 'First deliveries of the cryogenic wing-box tank to regional aircraft makers.',
  marketLaunch: { product: 'H2WING cryogenic wing-box tank', launchDate: new Date().toISOString().slice(0, 10), firstCustomers: ['Aéro Régional SA', 'SkyCommuter GmbH'], revenueCents: 240_000_000 },
}, 'Market launch confirmed.');

step('the timeline, as the tracker built it from the events');
const EXPECTED = { 'partner.invited': 2, 'partner.accepted': 2, 'partner.budget_confirmed': 3, 'project.submitted': 1, 'labelling.case_opened': 3, 'labelling.case_admitted': 3, 'labelling.quorum_reached': 3,
  'label.granted': 2, 'label.revision_requested': 1, 'project.resubmitted': 1, 'funding.requested': 1, 'eligibility.assessed': 1, 'funding.granted': 1,
  'milestones.plan_created': 1, 'milestone.reported': 4, 'milestone.rejected': 1, 'milestone.validated': 3, 'tranche.released': 3, 'project.market_launched': 1 };
const AT_LEAST = new Set(['eligibility.assessed']); // a label funding learns of after the application adds a re-assessment
const timeline = (await api('GET', `/api/v1/projects/${projectId}/timeline?limit=100`, { token })).body;
const count = (type) => timeline.items.filter((i) => i.type === type).length;
const complete = ([type, n]) => (AT_LEAST.has(type) ? count(type) >= n : count(type) === n);
expectThat(timeline.stage === 'market' && Object.entries(EXPECTED).every(complete), 'every step from submission to the market on the timeline');
say(`${timeline.acronym} — stage: ${timeline.stage}`);
for (const c of timeline.labelling) say(`  ${c.poleName} (${c.lead ? 'lead' : 'co-labelling'}): ${c.status}, round ${c.round}, label ${c.labelNumber}`);
for (const i of timeline.items) say(`${i.occurredAt}  ${i.type.padEnd(26)} ${i.summary}`);

step(`the accounts of this run (password ${PASSWORD} for each)`);
say(`${email.padEnd(34)} created by this run — coordinator, ${org.name}`);
for (const [who, role] of [['bruno@composites.test', 'partner, Composites du Sud'], ['chloe@onera.test', 'partner, ONERA Toulouse'],
  [AV.manager, 'manager, Aerospace Valley'], [SYS.manager, 'manager, Systematic Paris-Region'], ...AV.reviewers.map((r) => [r, 'reviewer, Aerospace Valley']),
  ...SYS.reviewers.map((r) => [r, 'reviewer, Systematic Paris-Region']), [OFFICER, 'funder officer, Bpifrance'], ['alice@aerolab.test', 'her portfolio: npm run seed:portfolio']]) {
  say(`${who.padEnd(34)} demo account — ${role}`);
}
