import { Injectable } from '@nestjs/common';
import { EntityManager, IsolationLevel } from '@mikro-orm/postgresql';
import { canonicalRegion, type ProjectStage } from '@poleflow/domain';
import { APPLICATION_STATUS_FR, euros, STAGE_FR, type ExportSheet } from './exports.js';
import { ident } from '@poleflow/persistence';
import { TRACKER_SCHEMA } from '../mikro-orm.config.js';
import { foldRegion } from './csv.js';
import { milestoneSheet, trancheSheet, type FeedScope } from './delivery-exports.js';
import { emptyStageCounts, type DashboardProjects, type FunderDashboardWithDelivery, type FunderDelivery, type FunderMonth, type PoleDashboard, type RegionDashboard } from './dashboards.dto.js';

/** Case statuses (latest round) that are a decision of the pole, and those of them that granted the label. */
export const DECIDED_STATUSES = ['labelled', 'revoked', 'not_labelled', 'support_letter', 'inadmissible'] as const;
export const LABELLED_STATUSES = ['labelled', 'revoked'] as const;

export const POLE_NOTES = [
  'Poles have no budget figure in the platform: aid leveraged is reported per labelled project (aid.perLabelledProjectCents), not per euro of pole budget.',
  "Label rate: the pole's cases (latest round) that got the label — labelled, or labelled then revoked — over its decided cases (also not labelled, support letter, inadmissible); cases open, in revision or closed are not decided.",
  "Median time to label: per project the pole labelled, from the opening of its round-1 case to its first label, in days.",
  'Aid leveraged: every grant (any funder) to the projects the pole labelled, whichever pole led.',
];

/** Projects coordinated from one of the regions (a JSON array parameter): the coordinator is the first organisation. */
const COORDINATED_FROM = (s: string) =>
  `p.organisation_ids->>0 = any(array(select o.id::text from ${s}.organisations o where o.region in (select jsonb_array_elements_text(?::jsonb))))`;

interface StageRow { stage: ProjectStage; n: number }

/** Figures computed with SQL from the tracker's read models, and from the events kept in the feed (feed_entries.envelope). */
@Injectable()
export class DashboardsService {
  private readonly s = ident(TRACKER_SCHEMA);

  constructor(private readonly em: EntityManager) {}

  /** One snapshot per dashboard, so its figures agree while the consumers commit new events. */
  private snapshot<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.em.fork().transactional(work, { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
  }

  private static projects(rows: StageRow[]): DashboardProjects {
    const byStage = emptyStageCounts();
    for (const r of rows) byStage[r.stage] = r.n;
    return { total: rows.reduce((sum, r) => sum + r.n, 0), byStage };
  }

  /** null when the tracker knows nothing of the pole (no project targets it, no case). */
  pole(poleId: string): Promise<PoleDashboard | null> {
    const s = this.s;
    return this.snapshot(async (em) => {
      const stages = await em.execute<StageRow[]>(
        `select stage, count(*)::int as n from ${s}.projects where pole_ids @> ?::jsonb group by stage`, [JSON.stringify([poleId])]);
      const [cases] = await em.execute<{ name: string | null; code: string | null; cases: number; decided: number; labelled: number }[]>(
        `select max(pole_name) as name, max(pole_code) as code, count(*)::int as cases,
                count(*) filter (where status in (select jsonb_array_elements_text(?::jsonb)))::int as decided,
                count(*) filter (where status in (select jsonb_array_elements_text(?::jsonb)))::int as labelled
           from ${s}.labelling_cases where pole_id = ?`,
        [JSON.stringify(DECIDED_STATUSES), JSON.stringify(LABELLED_STATUSES), poleId]);
      if (!stages.length && !cases.cases) return null;
      // Per project the pole labelled: its round-1 case opening → its first label at or after it. One pass over the
      // pole's events (a window per project), not a join of the events with themselves: that was quadratic in the
      // pole's projects (1 s at 100,000 projects, `npm run bench` reads at scale).
      const [timing] = await em.execute<{ median_days: number | null }[]>(
        `with ev as (
           select project_id, type, occurred_at,
                  min(occurred_at) filter (where type = 'labelling.case_opened' and (envelope->'payload'->>'round')::int = 1)
                    over (partition by project_id) as opened
             from ${s}.feed_entries
            where type in ('labelling.case_opened', 'label.granted') and envelope->'payload'->>'poleId' = ?
         ), per_project as (
           select extract(epoch from (min(occurred_at) filter (where type = 'label.granted' and occurred_at >= opened) - opened)) / 86400 as days
             from ev where opened is not null
            group by project_id, opened
         )
         select percentile_cont(0.5) within group (order by days)::float8 as median_days from per_project where days is not null`,
        [poleId]);
      const [aid] = await em.execute<{ projects: number; leveraged: string }[]>(
        `with labelled as (
           select distinct project_id from ${s}.feed_entries where type = 'label.granted' and envelope->'payload'->>'poleId' = ?
         )
         select (select count(*)::int from labelled) as projects,
                coalesce(sum(f.granted_cents), 0)::text as leveraged
           from ${s}.funding_applications f join labelled l on l.project_id = f.project_id
          where f.status = 'granted'`,
        [poleId]);
      const leveragedCents = Number(aid.leveraged);
      return {
        poleId,
        name: cases.name,
        code: cases.code,
        projects: DashboardsService.projects(stages),
        labelling: {
          decided: cases.decided,
          labelled: cases.labelled,
          labelRate: cases.decided ? Math.round((cases.labelled / cases.decided) * 10_000) / 10_000 : null,
          medianDaysToLabel: timing.median_days === null ? null : Math.round(timing.median_days * 10) / 10,
        },
        aid: {
          labelledProjects: aid.projects,
          leveragedCents,
          perLabelledProjectCents: aid.projects ? Math.round(leveragedCents / aid.projects) : null,
        },
        notes: POLE_NOTES,
      };
    });
  }

  /** Committed vs released aid and overdue milestones of a funder, from the milestone events kept in the feed. */
  funderDelivery(funderId: string): Promise<Omit<FunderDelivery, 'committedCents'>> {
    const s = this.s;
    return this.snapshot(async (em) => {
      const [released] = await em.execute<{ cents: string }[]>(
        `select coalesce(sum((envelope->'payload'->>'totalCents')::bigint), 0)::text as cents
           from ${s}.feed_entries where type = 'tranche.released' and envelope->'payload'->>'funderId' = ?`,
        [funderId]);
      const [overdue] = await em.execute<{ overdue: number; escalated: number }[]>(
        `select count(*)::int as overdue, count(*) filter (where escalated)::int as escalated from (
           select distinct on (envelope->'payload'->>'milestoneId') type, coalesce((envelope->'payload'->>'escalated')::boolean, false) as escalated
             from ${s}.feed_entries
            where type in ('milestone.overdue', 'milestone.reported', 'milestone.validated', 'tranche.released')
              and envelope->'payload'->>'funderId' = ?
            order by envelope->'payload'->>'milestoneId', occurred_at desc, position desc
         ) latest where type = 'milestone.overdue'`,
        [funderId]);
      return { releasedCents: Number(released.cents), overdueMilestones: overdue.overdue, escalatedMilestones: overdue.escalated };
    });
  }

  /**
   * The funder's figures over time and its portfolio: committed (grants, by the month of the grant) vs released
   * (tranche.released) per month, cumulative; the projects that applied by stage; its funded projects.
   */
  funderPortfolio(funderId: string): Promise<Pick<FunderDashboardWithDelivery, 'months' | 'projectsByStage' | 'portfolio'>> {
    const s = this.s;
    return this.snapshot(async (em) => {
      const month = (col: string) => `to_char(date_trunc('month', ${col} at time zone 'Europe/Paris'), 'YYYY-MM')`;
      const committed = await em.execute<{ month: string; cents: string }[]>(
        `select ${month('updated_at')} as month, sum(granted_cents)::text as cents from ${s}.funding_applications
          where funder_id = ? and status = 'granted' group by 1`, [funderId]);
      const released = await em.execute<{ month: string; cents: string }[]>(
        `select ${month('occurred_at')} as month, sum((envelope->'payload'->>'totalCents')::bigint)::text as cents from ${s}.feed_entries
          where type = 'tranche.released' and envelope->'payload'->>'funderId' = ? group by 1`, [funderId]);
      // `= any(array(…))`: the funder's projects read by primary key; `in (…)` hashed all 100,000 projects (35 → 12 ms).
      const stages = await em.execute<StageRow[]>(
        `select p.stage, count(*)::int as n from ${s}.projects p where p.id = any(array(select project_id from ${s}.funding_applications where funder_id = ?)) group by p.stage`, [funderId]);
      // The funder's granted applications (its projects read by primary key: `= any(array(…))`; a join hashed all
      // 100,000 projects), then its released tranches summed per application in a query of their own (through
      // feed_entries_funder_type_index), merged here. In one statement the planner, counting on a handful of rows,
      // compared every application with every sum (1 s at 100,000 projects; before that, a scan of the feed per
      // application took 5 s: `npm run bench`, reads at scale).
      const rows = await em.execute<{ application_id: string; project_id: string; acronym: string; title: string; stage: ProjectStage; call_title: string; granted_cents: string; granted_at: Date; stage_at: Date }[]>(
        `select f.application_id, f.project_id, p.acronym, p.title, p.stage, f.call_title, f.granted_cents::text as granted_cents, f.updated_at as granted_at, p.updated_at as stage_at
           from ${s}.funding_applications f join ${s}.projects p on p.id = f.project_id
          where f.funder_id = ? and f.status = 'granted'
            and p.id = any(array(select project_id from ${s}.funding_applications where funder_id = ? and status = 'granted'))
          order by p.acronym, f.application_id limit 500`, [funderId, funderId]);
      const releasedBy = new Map((await em.execute<{ application_id: string; cents: string }[]>(
        `select envelope->'payload'->>'applicationId' as application_id, sum((envelope->'payload'->>'totalCents')::bigint)::text as cents
           from ${s}.feed_entries where type = 'tranche.released' and envelope->'payload'->>'funderId' = ? group by 1`, [funderId])).map((r) => [r.application_id, Number(r.cents)]));
      return {
        months: cumulativeMonths(committed, released),
        projectsByStage: DashboardsService.projects(stages),
        portfolio: rows.map((r) => ({
          applicationId: r.application_id, projectId: r.project_id, acronym: r.acronym, title: r.title, stage: r.stage, callTitle: r.call_title,
          grantedCents: Number(r.granted_cents), releasedCents: releasedBy.get(r.application_id) ?? 0, grantedAt: new Date(r.granted_at).toISOString(), stageAt: new Date(r.stage_at).toISOString(),
        })),
      };
    });
  }

  /** Zeros for a French region without projects; null for a name that is no region (compared case- and accent-insensitively). */
  region(name: string): Promise<RegionDashboard | null> {
    const s = this.s;
    return this.snapshot(async (em) => {
      const regions = await this.regionNames(em, name);
      if (!regions.length) return null;
      // The coordinator is the project's first organisation (project.created puts it first). `= any(array(…))` lets
      // PostgreSQL read the region's projects through projects_coordinator_index instead of hashing every project.
      const inRegion = `select p.id, p.stage from ${s}.projects p
        where p.organisation_ids->>0 = any(array(select o.id::text from ${s}.organisations o where o.region in (select jsonb_array_elements_text(?::jsonb))))`;
      const stages = await em.execute<StageRow[]>(`select stage, count(*)::int as n from (${inRegion}) p group by stage`, [JSON.stringify(regions)]);
      const [aid] = await em.execute<{ cents: string }[]>(
        `select coalesce(sum(f.granted_cents), 0)::text as cents from ${s}.funding_applications f join (${inRegion}) p on p.id = f.project_id where f.status = 'granted'`,
        [JSON.stringify(regions)]);
      const projects = DashboardsService.projects(stages);
      return { region: regions[0], projects, aidGrantedCents: Number(aid.cents), onMarket: projects.byStage.market };
    });
  }

  /** The spellings organisations use for the region (compared case- and accent-insensitively), the official name first. */
  private async regionNames(em: EntityManager, name: string): Promise<string[]> {
    const wanted = foldRegion(name);
    const regions = (await em.execute<{ region: string }[]>(`select distinct region from ${this.s}.organisations order by region`))
      .map((r) => r.region).filter((r) => foldRegion(r) === wanted);
    const official = canonicalRegion(name);
    if (official && !regions.includes(official)) regions.unshift(official);
    return regions;
  }

  /** The export's sheets, read in one snapshot: the entities (exportRows), the milestones and the released tranches. */
  exportSheets(kind: 'pole' | 'region' | 'funder', key: string): Promise<ExportSheet[]> {
    const s = this.s;
    return this.snapshot(async (em) => {
      const entities = await this.exportRows(kind, key, em);
      const inProjects = (projects: string) => `f.project_id in (select p.id from ${s}.projects p where ${projects})`;
      const scope: FeedScope = kind === 'funder' ? { where: `f.envelope->'payload'->>'funderId' = ?`, param: key }
        : kind === 'pole' ? { where: inProjects('p.pole_ids @> jsonb_build_array(?::text)'), param: key }
          : { where: inProjects(COORDINATED_FROM(s)), param: JSON.stringify(await this.regionNames(em, key)) };
      return [entities, await milestoneSheet(em, s, scope), await trancheSheet(em, s, scope)];
    });
  }

  /** One row per project (pole: targeting it; region: coordinated from it) or per application (funder), for the exports. */
  async exportRows(kind: 'pole' | 'region' | 'funder', key: string, em: EntityManager = this.em.fork()): Promise<ExportSheet> {
    const s = this.s;
    if (kind === 'funder') {
      const rows = await em.execute<{ acronym: string; title: string; call_title: string; status: string; granted_cents: string | null }[]>(
        `select p.acronym, p.title, f.call_title, f.status, f.granted_cents from ${s}.funding_applications f join ${s}.projects p on p.id = f.project_id
         where f.funder_id = ? order by f.call_title, p.acronym`, [key]);
      return {
        name: 'Candidatures',
        columns: [{ key: 'acronym', header: 'Acronyme' }, { key: 'title', header: 'Titre' }, { key: 'call', header: 'Appel à projets' }, { key: 'status', header: 'Statut' }, { key: 'granted', header: 'Aide accordée (€)', euros: true }],
        rows: rows.map((r) => ({ acronym: r.acronym, title: r.title, call: r.call_title, status: APPLICATION_STATUS_FR[r.status] ?? r.status, granted: euros(r.granted_cents === null ? null : Number(r.granted_cents)) })),
      };
    }
    const where = kind === 'pole'
      ? `p.pole_ids @> jsonb_build_array(?::text)`
      : COORDINATED_FROM(s);
    const rows = await em.execute<{ acronym: string; title: string; stage: ProjectStage; granted: string }[]>(
      `select p.acronym, p.title, p.stage, (select coalesce(sum(f.granted_cents), 0) from ${s}.funding_applications f where f.project_id = p.id and f.status = 'granted')::text as granted
       from ${s}.projects p where ${where} order by p.acronym, p.id`, [kind === 'pole' ? key : JSON.stringify(await this.regionNames(em, key))]);
    return {
      name: 'Projets',
      columns: [{ key: 'acronym', header: 'Acronyme' }, { key: 'title', header: 'Titre' }, { key: 'stage', header: 'Étape' }, { key: 'granted', header: 'Aide accordée (€)', euros: true }],
      rows: rows.map((r) => ({ acronym: r.acronym, title: r.title, stage: STAGE_FR[r.stage] ?? r.stage, granted: euros(Number(r.granted)) })),
    };
  }
}

/** Monthly sums → one entry per month from the first to the current one, cumulative. */
export function cumulativeMonths(committed: { month: string; cents: string }[], released: { month: string; cents: string }[], now = new Date()): FunderMonth[] {
  const c = new Map(committed.map((r) => [r.month, Number(r.cents)]));
  const r = new Map(released.map((x) => [x.month, Number(x.cents)]));
  const all = [...c.keys(), ...r.keys()].sort();
  if (!all.length) return [];
  const current = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit' }).format(now).slice(0, 7);
  const last = all[all.length - 1] > current ? all[all.length - 1] : current;
  const out: FunderMonth[] = [];
  let [y, m] = all[0].split('-').map(Number);
  let committedCents = 0;
  let releasedCents = 0;
  for (let key = all[0]; key <= last && out.length < 240; ) {
    committedCents += c.get(key) ?? 0;
    releasedCents += r.get(key) ?? 0;
    out.push({ month: key, committedCents, releasedCents });
    m += 1;
    if (m > 12) { m = 1; y += 1; }
    key = `${y}-${String(m).padStart(2, '0')}`;
  }
  return out;
}
