// Reads at scale for `npm run bench`: synthetic read-model rows inserted by SQL straight into the tracker's schema
// of the bench database (never a real one), then timed GETs on the tracker (direct, admin token: the read's own
// cost, no gateway hop) — a project's timeline with 1,000 events, and the pole, funder and region dashboards over
// 100,000 projects. Sizes: BENCH_READ_PROJECTS (100000), BENCH_READ_EVENTS (1000), BENCH_READ_N (requests per read, 200).

const REGIONS = ['Auvergne-Rhône-Alpes', 'Bourgogne-Franche-Comté', 'Bretagne', 'Centre-Val de Loire', 'Corse', 'Grand Est', 'Hauts-de-France',
  'Île-de-France', 'Normandie', 'Nouvelle-Aquitaine', 'Occitanie', 'Pays de la Loire', "Provence-Alpes-Côte d'Azur"];
const STAGES = ['conception', 'submitted', 'in_labelling', 'labelled', 'funding_requested', 'funded', 'prototype', 'industrialisation', 'market',
  'revision_requested', 'not_labelled', 'not_funded', 'withdrawn'];
const CASE_STATUSES = ['open', 'labelled', 'revoked', 'not_labelled', 'support_letter', 'inadmissible', 'in_revision'];
const APPLICATION_STATUSES = ['requested', 'eligible', 'ineligible', 'granted', 'refused'];
const ORGS = 2000;

const lit = (xs) => `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(',')}]`;

/** Inserts the synthetic rows; returns what to read. Poles and funders are the bench database's real ones. */
export async function seed(db, { projects, events }) {
  const t = performance.now();
  let target;
  await db.query('begin');
  try {
    await db.query(`create temp table synth_orgs on commit drop as
      select n, gen_random_uuid() as id, (${lit(REGIONS)})[1 + n % ${REGIONS.length}] as region from generate_series(0, ${ORGS - 1}) n`);
    await db.query(`insert into tracker.organisations (id, name, siren, kind, region)
      select id, 'Synthetic organisation ' || n, lpad(n::text, 9, '0'), 'sme', region from synth_orgs`);
    await db.query(`create temp table synth_refs on commit drop as
      select (select array_agg(id order by id) from submission.poles) as poles, (select array_agg(id order by id) from tracker.funders) as funders`);
    await db.query(`create temp table synth_projects on commit drop as
      select g.n, gen_random_uuid() as id, o.id as org, r.poles[1 + g.n % array_length(r.poles, 1)] as pole, r.funders[1 + g.n % array_length(r.funders, 1)] as funder
        from generate_series(0, ${projects - 1}) as g(n) join synth_orgs o on o.n = g.n % ${ORGS} cross join synth_refs r`);
    await db.query(`insert into tracker.projects (id, acronym, title, stage, organisation_ids, pole_ids, updated_at, round)
      select id, 'S' || n, 'Synthetic project', (${lit(STAGES)})[1 + n % ${STAGES.length}], jsonb_build_array(org), jsonb_build_array(pole), now(), 1 from synth_projects`);
    await db.query(`insert into tracker.labelling_cases (project_id, pole_id, case_id, pole_name, pole_code, lead, round, status, updated_at)
      select id, pole, gen_random_uuid(), 'Synthetic pole', 'SY', true, 1, (${lit(CASE_STATUSES)})[1 + n % ${CASE_STATUSES.length}], now() from synth_projects`);
    await db.query(`insert into tracker.funding_applications (project_id, application_id, call_id, call_title, funder_id, funder_name, status, granted_cents, updated_at)
      select id, gen_random_uuid(), gen_random_uuid(), 'Synthetic call', funder, 'Synthetic funder', (${lit(APPLICATION_STATUSES)})[1 + n % 5],
             case when n % 5 = 3 then 100000000 + n end, now() from synth_projects where n % 2 = 0`);
    // The events the dashboards read from the feed: case openings and labels (pole), tranches and milestones (funder).
    const feed = (type, where, payload, ago) => db.query(`insert into tracker.feed_entries (event_id, type, occurred_at, project_id, source, envelope)
      select gen_random_uuid(), '${type}', now() - interval '${ago}', id, 'synthetic', jsonb_build_object('payload', ${payload}) from synth_projects where ${where}`);
    await feed('labelling.case_opened', 'n % 3 = 0', `jsonb_build_object('poleId', pole, 'round', 1)`, '60 days');
    await feed('label.granted', 'n % 6 = 0', `jsonb_build_object('poleId', pole)`, '20 days');
    await feed('tranche.released', 'n % 4 = 0',
      `jsonb_build_object('funderId', funder, 'applicationId', (select a.application_id from tracker.funding_applications a where a.project_id = synth_projects.id), 'totalCents', 5000000)`, '10 days');
    await feed('milestone.overdue', 'n % 8 = 0', `jsonb_build_object('funderId', funder, 'milestoneId', gen_random_uuid(), 'escalated', n % 16 = 0)`, '5 days');
    [target] = (await db.query(`select id, pole, funder, (select region from synth_orgs where n = 0) as region from synth_projects where n = 0`)).rows;
    await db.query(`insert into tracker.timeline_entries (id, project_id, occurred_at, type, source, stage, summary, correlation_id)
      select gen_random_uuid(), $1, now() - (${events} - n) * interval '1 minute', 'project.updated', 'submission', 'conception',
             'Synthetic entry ' || n, gen_random_uuid()::text from generate_series(1, ${events}) n`, [target.id]);
    await db.query('commit');
  } catch (err) {
    await db.query('rollback');
    throw err;
  }
  // Vacuumed as well as analysed: data at rest, as a deployment's is, and no autovacuum of the fresh rows running
  // into the timed reads (it put 20 ms into the timeline's p99).
  await db.query('vacuum analyze tracker.projects, tracker.labelling_cases, tracker.funding_applications, tracker.feed_entries, tracker.organisations, tracker.timeline_entries');
  return { ...target, seedMs: Math.round(performance.now() - t) };
}

/** Times `n` sequential GETs of each read; returns { read: { p50ms, p99ms, status } }. */
export async function readsAtScale({ db, trackerUrl, token, pct, r1 }) {
  const sizes = { projects: Number(process.env.BENCH_READ_PROJECTS ?? 100_000), events: Number(process.env.BENCH_READ_EVENTS ?? 1000) };
  const n = Number(process.env.BENCH_READ_N ?? 200);
  const target = await seed(db, sizes);
  const reads = {
    [`timeline (${sizes.events} events, first page)`]: `/api/v1/projects/${target.id}/timeline`,
    [`pole dashboard (${sizes.projects} projects)`]: `/api/v1/dashboards/poles/${target.pole}`,
    [`funder dashboard (${sizes.projects} projects)`]: `/api/v1/dashboards/funders/${target.funder}`,
    [`region dashboard (${sizes.projects} projects)`]: `/api/v1/dashboards/regions/${encodeURIComponent(target.region)}`,
  };
  const out = {};
  for (const [name, path] of Object.entries(reads)) {
    const lat = [];
    let status = 0;
    for (let i = 0; i < n + 10; i++) {
      const t = performance.now();
      const res = await fetch(`${trackerUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      status = res.status;
      if (status !== 200) throw new Error(`bench: GET ${path} answered ${status}`);
      if (i >= 10) lat.push(performance.now() - t); // the first ones warm the JIT and the plan cache
    }
    out[name] = { p50ms: r1(pct(lat, 50)), p99ms: r1(pct(lat, 99)), status };
  }
  return { seedMs: target.seedMs, sizes, requestsPerRead: n, reads: out };
}
