import type { EntityManager } from '@mikro-orm/postgresql';
import { euros, type ExportSheet } from './exports.js';

/*
 * The milestones and tranches sheets of the dashboards' exports, from the milestone events the tracker keeps in
 * its feed (feed_entries.envelope): one row per planned milestone (milestones.plan_created, with its latest
 * status) and one per released tranche (tranche.released).
 */

export const MILESTONE_KEY_FR: Record<string, string> = {
  proof_of_concept: 'Preuve de concept', prototype: 'Prototype', industrialisation: 'Industrialisation', market_launch: 'Mise sur le marché',
};
/** The milestone's latest event → its status, in French; no event after the plan: planned. */
export const MILESTONE_STATUS_FR: Record<string, string> = {
  'milestone.reported': 'Déclaré', 'milestone.validated': 'Validé', 'tranche.released': 'Validé', 'milestone.rejected': 'Refusé',
  'milestone.overdue': 'En retard', 'milestone.rescheduled': 'Replanifié',
};

/** Which feed entries an export covers: a SQL condition on the alias `f` (feed_entries) and its parameter. */
export interface FeedScope { where: string; param: string }

const day = (iso: string | Date | null): string | null => (iso === null ? null : new Date(iso).toISOString().slice(0, 10));

export async function milestoneSheet(em: EntityManager, s: string, scope: FeedScope): Promise<ExportSheet> {
  const rows = await em.execute<{ acronym: string; funder: string; key: string; due_at: string; trl: number; percent: number; amount: string; last: string | null }[]>(
    `with plans as (
       select f.project_id, f.envelope->'payload'->>'funderName' as funder, m
         from ${s}.feed_entries f cross join lateral jsonb_array_elements(f.envelope->'payload'->'milestones') m
        where f.type = 'milestones.plan_created' and ${scope.where}
     ), latest as (
       select distinct on (envelope->'payload'->>'milestoneId') envelope->'payload'->>'milestoneId' as id, type
         from ${s}.feed_entries
        where type in ('milestone.reported', 'milestone.validated', 'milestone.rejected', 'milestone.overdue', 'milestone.rescheduled', 'tranche.released')
          and project_id in (select project_id from plans)
        order by envelope->'payload'->>'milestoneId', occurred_at desc, position desc
     )
     select p.acronym, pl.funder, pl.m->>'key' as key, pl.m->>'dueAt' as due_at, (pl.m->>'trlExpected')::int as trl, (pl.m->>'percent')::int as percent,
            pl.m->>'amountCents' as amount, l.type as last
       from plans pl join ${s}.projects p on p.id = pl.project_id left join latest l on l.id = pl.m->>'milestoneId'
      order by p.acronym, pl.m->>'dueAt'`, [scope.param]);
  return {
    name: 'Jalons',
    columns: [{ key: 'acronym', header: 'Acronyme' }, { key: 'funder', header: 'Financeur' }, { key: 'milestone', header: 'Jalon' }, { key: 'due', header: 'Échéance', date: true },
      { key: 'trl', header: 'TRL attendu' }, { key: 'percent', header: 'Tranche (%)' }, { key: 'amount', header: 'Montant de la tranche (€)', euros: true }, { key: 'status', header: 'Statut' }],
    rows: rows.map((r) => ({
      acronym: r.acronym, funder: r.funder, milestone: MILESTONE_KEY_FR[r.key] ?? r.key, due: day(r.due_at), trl: r.trl, percent: r.percent,
      amount: euros(Number(r.amount)), status: r.last ? (MILESTONE_STATUS_FR[r.last] ?? r.last) : 'Prévu',
    })),
  };
}

export async function trancheSheet(em: EntityManager, s: string, scope: FeedScope): Promise<ExportSheet> {
  const rows = await em.execute<{ acronym: string; funder: string; key: string; total: string; released_at: Date; partners: number }[]>(
    `select p.acronym, f.envelope->'payload'->>'funderName' as funder, f.envelope->'payload'->>'key' as key, f.envelope->'payload'->>'totalCents' as total,
            f.occurred_at as released_at, jsonb_array_length(f.envelope->'payload'->'partners')::int as partners
       from ${s}.feed_entries f join ${s}.projects p on p.id = f.project_id
      where f.type = 'tranche.released' and ${scope.where}
      order by p.acronym, f.occurred_at, f.position`, [scope.param]);
  return {
    name: 'Tranches',
    columns: [{ key: 'acronym', header: 'Acronyme' }, { key: 'funder', header: 'Financeur' }, { key: 'milestone', header: 'Jalon' },
      { key: 'released', header: 'Versée le', date: true }, { key: 'partners', header: 'Bénéficiaires' }, { key: 'amount', header: 'Montant versé (€)', euros: true }],
    rows: rows.map((r) => ({
      acronym: r.acronym, funder: r.funder, milestone: MILESTONE_KEY_FR[r.key] ?? r.key, released: day(r.released_at), partners: r.partners, amount: euros(Number(r.total)),
    })),
  };
}
