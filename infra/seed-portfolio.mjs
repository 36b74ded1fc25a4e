// npm run seed:portfolio — gives the demo account alice@aerolab.test (AéroLab SAS) a portfolio of five projects at
// five stages, made by the real API of a running platform so every read model (submission, labelling, funding,
// milestones, tracker) agrees: a draft, a project submitted to Aerospace Valley, a labelled one, a funded one
// (Bpifrance's PSPC-like call) and one on the market (its three milestones reported and validated). Partners are
// the demo's Composites du Sud (bruno@composites.test) and ONERA Toulouse (chloe@onera.test): invited, they accept
// and enter their own budgets. Idempotent: it does nothing when alice already has a project. infra/start.mjs runs
// it once the apps are ready when SEED_DEMO is on. Env: GATEWAY_URL (default http://127.0.0.1:3000).
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { GW, PASSWORD, api, as, eur, expectThat, say, step, useGateway } from './demo-client.mjs';

const ALICE = 'alice@aerolab.test';
const BRUNO = 'bruno@composites.test';
const CHLOE = 'chloe@onera.test';
const MANAGER = 'manager@aerospace-valley.test';
const REVIEWERS = ['reviewer@aerospace-valley.test', 'reviewer2@aerospace-valley.test'];
const OFFICER = 'officer@bpifrance.test';
const CRITERIA = ['strategy_fit', 'innovation', 'market_potential', 'consortium_quality', 'territorial_impact', 'budget_realism'];
const TRANCHES = [{ milestone: 'prototype', percent: 30 }, { milestone: 'industrialisation', percent: 40 }, { milestone: 'market_launch', percent: 30 }];

/** The five projects, from the least to the most advanced; `stage` says how far the seed takes each. */
const PROJECTS = [
  { stage: 'draft', acronym: 'NACELLE-ECO', title: 'Nacelle éco-conçue en composites thermoplastiques recyclables',
    summary: 'Une nacelle de moteur en thermoplastiques recyclables, soudée par induction, pour réduire de 30 % la masse et l\u2019empreinte carbone.',
    themes: ['aeronautics-space'], keywords: ['composites', 'recyclage', 'nacelle'], trl: [3, 6], scale: 0.9 },
  { stage: 'submitted', acronym: 'DRONE-INSPECT', title: 'Inspection autonome des structures aéronautiques par drone',
    summary: 'Un drone d\u2019inspection en hangar et son logiciel de détection des défauts par vision, pour diviser par deux la durée des visites de maintenance.',
    themes: ['aeronautics-space'], keywords: ['drone', 'maintenance', 'vision'], trl: [4, 7], scale: 1 },
  { stage: 'labelled', acronym: 'SATCOM-LEO', title: 'Terminal de communication par satellite en orbite basse pour avions régionaux',
    summary: 'Une antenne plate à balayage électronique et son modem pour connecter les avions régionaux aux constellations en orbite basse.',
    themes: ['aeronautics-space'], keywords: ['satellite', 'antenne', 'connectivité'], trl: [3, 6], scale: 1.1 },
  { stage: 'funded', acronym: 'CARBURANT-SAF', title: 'Système carburant compatible 100 % carburant d\u2019aviation durable',
    summary: 'Joints, pompes et jauges qualifiés pour 100 % de carburant d\u2019aviation durable, des essais au banc jusqu\u2019au vol d\u2019essai.',
    themes: ['aeronautics-space', 'energy'], keywords: ['SAF', 'carburant', 'décarbonation'], trl: [4, 7], scale: 1.2 },
  { stage: 'market', acronym: 'AILE-MORPH', title: 'Bord de fuite morphing pour la réduction de traînée',
    summary: 'Un bord de fuite déformable à actionneurs piézoélectriques qui adapte le profil de l\u2019aile en vol et réduit la traînée de 4 %.',
    themes: ['aeronautics-space'], keywords: ['morphing', 'aérodynamique', 'actionneurs'], trl: [4, 9], scale: 1 },
];
const ORDER = ['draft', 'submitted', 'labelled', 'funded', 'market'];
const reaches = (p, stage) => ORDER.indexOf(p.stage) >= ORDER.indexOf(stage);

/** Budgets in cents, scaled per project (PSPC-like call: 1–4 M€, no partner above 70 %). */
const budgets = (k) => {
  const c = (n) => Math.round(n * k) * 100_000;
  return {
    alice: { industrial: { personnel: c(550), equipment: c(120), overheads: c(80) }, experimental: { personnel: c(180) } },
    bruno: { industrial: { personnel: c(230), subcontracting: c(40) }, experimental: { equipment: c(110) } },
    chloe: { fundamental: { personnel: c(160) }, industrial: { personnel: c(200), other: c(30) } },
  };
};

const firstOfMonthAhead = (months) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 1)).toISOString().slice(0, 10);
};

/** Creates the project with its consortium (invited partners accept and enter their own budgets). */
async function createProject(p, ctx) {
  const created = await as(ALICE, 'POST', '/api/v1/projects', { headers: { 'idempotency-key': `portfolio-${p.acronym}` }, body: {
    acronym: p.acronym, title: p.title, summary: p.summary, themes: p.themes, keywords: p.keywords, trlStart: p.trl[0], trlTarget: p.trl[1],
    startDate: firstOfMonthAhead(4), durationMonths: 30, coordinatorOrganisationId: ctx.aerolab.id, poleIds: [ctx.pole.id],
  } });
  const id = created.body.id;
  const b = budgets(p.scale);
  for (const [who, org, message] of [[BRUNO, ctx.composites, 'Fabrication des pièces composites'], [CHLOE, ctx.onera, 'Campagne d\u2019essais et modélisation']]) {
    const invitation = (await as(ALICE, 'POST', `/api/v1/projects/${id}/invitations`, { body: { organisationId: org.id, message } })).body;
    await as(who, 'POST', `/api/v1/invitations/${invitation.id}/accept`, { body: {} });
  }
  const setBudget = async (who, orgId, budget) => {
    const { etag } = await as(who, 'GET', `/api/v1/projects/${id}`);
    await as(who, 'PUT', `/api/v1/projects/${id}/partners/${orgId}`, { body: { budget }, headers: { 'if-match': etag } });
  };
  await setBudget(ALICE, ctx.aerolab.id, b.alice);
  await setBudget(BRUNO, ctx.composites.id, b.bruno);
  await setBudget(CHLOE, ctx.onera.id, b.chloe);
  return id;
}

/** Aerospace Valley's manager admits the case, two reviewers score it, the committee labels it. */
async function label(projectId, p) {
  const found = expectThat((await as(MANAGER, 'GET', `/api/v1/cases?projectId=${projectId}`)).body.items.find((c) => c.status === 'admissibility'), `the case of ${p.acronym}`);
  let { body: c, etag } = await as(MANAGER, 'GET', `/api/v1/cases/${found.id}`);
  const failed = c.checks.filter((x) => !x.passed).map((x) => x.key);
  await as(MANAGER, 'POST', `/api/v1/cases/${c.id}/admissibility`, { headers: { 'if-match': etag },
    body: { admissible: true, motivation: failed.length ? `Recevable malgré ${failed.join(', ')} : projet au cœur de la feuille de route du pôle.` : undefined } });
  const pool = new Map((await as(MANAGER, 'GET', `/api/v1/poles/${c.pole.id}/reviewers?limit=100`)).body.items.map((r) => [r.email, r.accountId]));
  for (const r of REVIEWERS) await as(MANAGER, 'POST', `/api/v1/cases/${c.id}/assignments`, { body: { reviewerUserId: pool.get(r) } });
  for (const [i, reviewer] of REVIEWERS.entries()) {
    const a = (await as(reviewer, 'GET', '/api/v1/assignments')).body.items.find((x) => x.caseId === c.id && x.status === 'assigned');
    const scores = Object.fromEntries(CRITERIA.map((k, j) => [k, { score: 3 + ((i + j) % 3), comment: `${k.replace(/_/g, ' ')} : solide` }]));
    await as(reviewer, 'PUT', `/api/v1/assignments/${a.id}/review`, { body: { recommendation: 'label', summary: `${p.acronym} : projet mûr, consortium équilibré.`, scores } });
    await as(reviewer, 'POST', `/api/v1/assignments/${a.id}/review/submit`);
  }
  ({ body: c, etag } = await as(MANAGER, 'GET', `/api/v1/cases/${c.id}`));
  const decided = (await as(MANAGER, 'POST', `/api/v1/cases/${c.id}/decision`, { headers: { 'if-match': etag },
    body: { outcome: 'labelled', callRef: 'PSPC 2026', motivation: 'Projet innovant porté par un consortium crédible.' } })).body;
  return decided.label.number;
}

/** Applies to the PSPC-like call and Bpifrance's officer grants 90 % of each partner's ceiling. */
async function fund(projectId, pspc) {
  const applied = (await as(ALICE, 'POST', `/api/v1/calls/${pspc.id}/applications`, { body: { projectId } })).body;
  const { body: application, etag } = await as(OFFICER, 'GET', `/api/v1/applications/${applied.id}`);
  expectThat(application.status === 'eligible', `an eligible application, got ${application.status}`);
  const partners = application.assessment.ceilings.partners.map((x, i) => ({
    organisationId: x.partnerId, amountCents: Math.floor((x.maxAidCents * 0.9) / 100) * 100, aidForm: i === 0 && pspc.aidForms.includes('repayable_advance') ? 'repayable_advance' : 'grant',
  }));
  const granted = (await as(OFFICER, 'POST', `/api/v1/applications/${applied.id}/decision`, { headers: { 'if-match': etag },
    body: { outcome: 'granted', partners, tranches: TRANCHES, motivation: 'Projet labellisé, consortium équilibré, plan de financement réaliste.' } })).body;
  return granted.decision.totalCents;
}

/** Reports and validates every milestone of the plan, the market launch last. */
async function launch(projectId, p) {
  const plan = (await as(ALICE, 'GET', `/api/v1/milestones?projectId=${projectId}`)).body;
  expectThat(plan.length === TRANCHES.length, `a plan of ${TRANCHES.length} milestones for ${p.acronym}`);
  const reports = {
    prototype: { trlReached: 6, spentCents: 70_000_000, summary: 'Démonstrateur en soufflerie validé.' },
    industrialisation: { trlReached: 8, spentCents: 140_000_000, summary: 'Présérie de quatre bords de fuite, dossier de certification déposé.' },
    market_launch: { trlReached: 9, spentCents: 180_000_000, summary: 'Premières livraisons aux avionneurs régionaux.',
      marketLaunch: { product: `${p.acronym} — bord de fuite adaptatif`, launchDate: new Date().toISOString().slice(0, 10), firstCustomers: ['Aéro Régional SA', 'Toulouse Avions'], revenueCents: 125_000_000 } },
  };
  for (const m of plan) {
    await as(ALICE, 'POST', `/api/v1/milestones/${m.id}/report`, { body: reports[m.key] });
    const { etag } = await as(OFFICER, 'GET', `/api/v1/milestones/${m.id}`);
    await as(OFFICER, 'POST', `/api/v1/milestones/${m.id}/review`, { headers: { 'if-match': etag }, body: { decision: 'validated', comment: 'Jalon validé.' } });
  }
}

/** The whole seed; returns what alice sees (one line per project), or null when she already had projects. */
export async function seedPortfolio(gateway = GW) {
  useGateway(gateway);
  const existing = (await as(ALICE, 'GET', '/api/v1/projects?limit=100')).body.items;
  if (existing.length) {
    say(`${ALICE} already has ${existing.length} project(s): portfolio not seeded again`);
    return null;
  }
  const aerolab = expectThat((await as(ALICE, 'GET', '/api/v1/organisations')).body.items.find((o) => o.siren === '732829320'), 'AéroLab SAS');
  const pole = expectThat((await api('GET', '/api/v1/poles?q=aerospace%20valley')).body.items.find((x) => x.name === 'Aerospace Valley'), 'Aerospace Valley');
  const publicOrg = async (q) => (await as(ALICE, 'GET', `/api/v1/organisations/public?${q}`)).body.items[0];
  const ctx = { aerolab, pole, composites: await publicOrg('siren=405183278'), onera: await publicOrg('siren=775722879') };
  const pspc = expectThat((await as(ALICE, 'GET', '/api/v1/calls?status=open&limit=100')).body.items.find((c) => c.funderName === 'Bpifrance' && c.title.includes('PSPC')), 'the PSPC-like call');
  for (const p of PROJECTS) {
    step(`${p.acronym} — ${p.title} (${p.stage})`);
    const id = await createProject(p, ctx);
    if (reaches(p, 'submitted')) {
      const { etag } = await as(ALICE, 'GET', `/api/v1/projects/${id}`);
      const submitted = (await as(ALICE, 'POST', `/api/v1/projects/${id}/submit`, { headers: { 'if-match': etag } })).body;
      say(`soumis à ${pole.name} : ${eur(submitted.totalCents)}`);
    }
    if (reaches(p, 'labelled')) say(`labellisé : ${await label(id, p)}`);
    if (reaches(p, 'funded')) say(`financé par Bpifrance : ${eur(await fund(id, pspc))}`);
    if (reaches(p, 'market')) { await launch(id, p); say('trois jalons validés, mise sur le marché'); }
  }
  return portfolioOf();
}

/** What alice sees: her projects (submission) with their stage (tracker's timeline). */
export async function portfolioOf() {
  const items = (await as(ALICE, 'GET', '/api/v1/projects?limit=100')).body.items;
  const lines = [];
  for (const p of items) {
    const stage = await as(ALICE, 'GET', `/api/v1/projects/${p.id}/timeline?limit=1`).then((r) => r.body.stage, (e) => `(${e.status})`);
    lines.push(`${p.acronym.padEnd(14)} ${p.status.padEnd(18)} stage ${String(stage).padEnd(13)} ${p.totalCents === undefined ? '' : eur(p.totalCents)}`);
  }
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  step(`alice's portfolio on ${GW}`);
  const lines = (await seedPortfolio()) ?? (await portfolioOf());
  step(`${ALICE} (password ${PASSWORD}) sees:`);
  for (const l of lines) say(l);
}
