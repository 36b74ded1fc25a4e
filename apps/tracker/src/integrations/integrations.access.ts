import { isAdmin, type Principal } from '@poleflow/auth';
import type { WebhookOwnerKind } from './webhook.entity.js';

export interface WebhookOwner {
  kind: WebhookOwnerKind;
  id: string;
}

/** A funder's officers manage the funder's webhooks, a pole's managers the pole's (not its reviewers), admins any. */
export function canManageWebhooks(p: Principal, owner: WebhookOwner): boolean {
  if (isAdmin(p)) return true;
  return owner.kind === 'funder'
    ? p.funderIds.includes(owner.id)
    : p.poles.some((x) => x.poleId === owner.id && x.role === 'pole_manager');
}

/** The owners whose webhooks the caller manages (admins: every owner, so none listed). */
export const managedOwners = (p: Principal): WebhookOwner[] => [
  ...p.funderIds.map((id): WebhookOwner => ({ kind: 'funder', id })),
  ...p.poles.filter((x) => x.role === 'pole_manager').map((x): WebhookOwner => ({ kind: 'pole', id: x.poleId })),
];

/**
 * SQL: the project `projectCol` is one the subscription `sub` (an alias of webhook_subscriptions) may hear
 * about — a funder: the project applied to one of its calls; a pole: the project targets it.
 */
export const ownerSeesProject = (schema: string, sub: string, projectCol: string): string => `(
  (${sub}.owner_kind = 'funder' and exists (select 1 from ${schema}.funding_applications a where a.project_id = ${projectCol} and a.funder_id = ${sub}.owner_id))
  or (${sub}.owner_kind = 'pole' and exists (select 1 from ${schema}.projects p where p.id = ${projectCol} and p.pole_ids @> jsonb_build_array(${sub}.owner_id::text))))`;

/**
 * SQL: the projects whose events the caller may read in the feed. Admins: all; a funder's officers: the projects
 * that applied to its calls; pole staff (managers and reviewers): the projects that target the pole; members of
 * an organisation: its consortia's projects. Null: nothing at all.
 */
export function feedScope(p: Principal, schema: string, projectCol: string): { sql: string; params: unknown[] } | null {
  if (isAdmin(p)) return { sql: 'true', params: [] };
  const ors: string[] = [];
  const params: unknown[] = [];
  const list = `(select jsonb_array_elements_text(?::jsonb))`;
  if (p.funderIds.length) {
    ors.push(`${projectCol} in (select a.project_id from ${schema}.funding_applications a where a.funder_id::text in ${list})`);
    params.push(JSON.stringify(p.funderIds));
  }
  if (p.poles.length) {
    ors.push(`${projectCol} in (select x.id from ${schema}.projects x where jsonb_exists_any(x.pole_ids, array${list}))`);
    params.push(JSON.stringify(p.poles.map((x) => x.poleId)));
  }
  if (p.organisationIds.length) {
    ors.push(`${projectCol} in (select x.id from ${schema}.projects x where jsonb_exists_any(x.organisation_ids, array${list}))`);
    params.push(JSON.stringify(p.organisationIds));
  }
  return ors.length ? { sql: `(${ors.join(' or ')})`, params } : null;
}
