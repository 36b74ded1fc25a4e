import { Injectable } from '@nestjs/common';
import { MikroORM, UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { isAdmin, type Principal } from '@poleflow/auth';
import { canonicalRegion, DomainError } from '@poleflow/domain';
import { principalOf, type RequestCtx } from '@poleflow/http';
import {
  featureQuery, kindsMissingFromConsortium, textArrayParam, partnerKindOf, profileVectorOf, rankCandidates, reasonText, THEMES_FR,
  type FeatureRow, type MatchingTables, type MatchRequest,
} from '@poleflow/matching';
import { OutboxWriter } from '@poleflow/messaging';
import { OrganisationRef, PoleRef } from '../reference/reference.entity.js';
import { NETWORK_SCHEMA } from '../schema.js';
import type {
  CloseRequestDto, ContactDto, ContactView, MessageView, PartnerRequestDto, PartnerRequestView, ProfileDto, ProfileListQuery, ProfileView,
  SuggestionListView, SuggestionView,
} from './matchmaking.dto.js';
import { Contact, ContactMessage, OrganisationProfile, PartnerRequest, ProjectCopy, ProjectPartnerCopy, type RequestStatus } from './matchmaking.entity.js';

const TABLES: MatchingTables = { schema: NETWORK_SCHEMA, profiles: 'match_candidates', projectPartners: 'project_partners' };
const S = `"${NETWORK_SCHEMA}"`;
/** How many candidates, best text score first, go on to the final ranking. */
const CANDIDATES = 400;
const SUGGESTIONS = 10;

const belongsTo = (p: Principal, organisationId: string): boolean => p.organisationIds.includes(organisationId);
const notAMember = (): DomainError => new DomainError('NOT_ORGANISATION_MEMBER', 'you are not a member of this organisation', 403);
const requestNotFound = (id: string): DomainError => new DomainError('PARTNER_REQUEST_NOT_FOUND', `no partner request ${id}`, 404);
const contactNotFound = (id: string): DomainError => new DomainError('CONTACT_NOT_FOUND', `no contact ${id}`, 404);
const themeLabel = (k: string): string => (THEMES_FR as Record<string, string>)[k] ?? k;
const today = (): string => new Date().toISOString().slice(0, 10);

/** Regions as the directory spells them; 422 INVALID_REGION otherwise. */
function regionsOf(labels: string[]): string[] {
  return [...new Set(labels.map((l) => {
    const r = canonicalRegion(l);
    if (!r) throw new DomainError('INVALID_REGION', `unknown region ${JSON.stringify(l)}`, 422, { errors: [{ path: 'regionsSought', message: `unknown region ${l}` }] });
    return r;
  }))];
}

/**
 * Matchmaking (issue 15 §2-§3): organisation profiles, "partner wanted" requests, suggestions ranked by
 * libs/matching (French full text in PostgreSQL + kind, size, region, themes, earlier collaborations), contact
 * requests and their messages. Contact events go through the outbox in the transaction of the change; the tracker
 * turns them into notifications and e-mails.
 */
@Injectable()
export class MatchmakingService {
  constructor(private readonly orm: MikroORM, private readonly outbox: OutboxWriter) {}

  // ---- who is a member of which pole (memberships: network-a) ----

  /** Poles where one of these organisations holds an active membership. */
  async memberPoles(em: EntityManager, organisationIds: string[]): Promise<string[]> {
    if (!organisationIds.length) return [];
    const rows = await em.execute<{ pole_id: string }[]>(
      `select distinct pole_id from ${S}.memberships where organisation_id in (select jsonb_array_elements_text(?::jsonb)::uuid) and status = 'active'`, [JSON.stringify(organisationIds)],
    );
    return rows.map((r) => r.pole_id);
  }

  // ---- profiles ----

  private async organisation(em: EntityManager, id: string): Promise<OrganisationRef> {
    const org = await em.findOne(OrganisationRef, id);
    if (!org) throw new DomainError('ORGANISATION_NOT_FOUND', `no organisation ${id}`, 404);
    return org;
  }

  private profileView(org: OrganisationRef, p: OrganisationProfile | null, principal: Principal): ProfileView {
    return {
      organisationId: org.id, name: org.name, partnerKind: partnerKindOf(org.kind, org.categoryFr), region: org.region, city: p?.city ?? null,
      exists: !!p, description: p?.description ?? '', keywords: p?.keywords ?? [], themes: p?.themes ?? [], nafCode: p?.nafCode ?? org.nafCode,
      equipment: p?.equipment ?? [], seeks: p?.seeks ?? [], mine: belongsTo(principal, org.id), updatedAt: p?.updatedAt.toISOString() ?? null,
    };
  }

  async profile(organisationId: string, principal: Principal): Promise<ProfileView> {
    const em = this.orm.em.fork();
    const org = await this.organisation(em, organisationId);
    return this.profileView(org, await em.findOne(OrganisationProfile, { organisationId }), principal);
  }

  /** Profiles, by French full-text relevance when `q` is given, else by name; with theme, kind and region filters. */
  async profiles(q: ProfileListQuery, principal: Principal): Promise<ProfileView[]> {
    const em = this.orm.em.fork();
    const where: string[] = [];
    const params: unknown[] = [];
    let order = 'c.name';
    if (q.q?.trim()) {
      const tsq = `plainto_tsquery('pg_catalog.french', ${S}."f_unaccent"(?))`;
      where.push(`c.search @@ ${tsq}`);
      params.push(q.q.trim());
      order = `ts_rank(c.search, ${tsq}) desc, c.name`;
    }
    if (q.theme) {
      where.push('? = any(c.themes)');
      params.push(q.theme);
    }
    if (q.kind) {
      where.push('c.partner_kind = ?');
      params.push(q.kind);
    }
    if (q.region) {
      where.push('? = any(c.regions)');
      params.push(canonicalRegion(q.region) ?? q.region);
    }
    if (q.q?.trim()) params.push(q.q.trim());
    const rows = await em.execute<{ organisation_id: string }[]>(
      `select c.organisation_id from ${S}.match_candidates c ${where.length ? `where ${where.join(' and ')}` : ''} order by ${order} limit ?`,
      [...params, q.limit ?? 50],
    );
    const ids = rows.map((r) => r.organisation_id);
    const [orgs, profiles] = await Promise.all([em.find(OrganisationRef, { id: { $in: ids } }), em.find(OrganisationProfile, { organisationId: { $in: ids } })]);
    const o = new Map(orgs.map((x) => [x.id, x]));
    const p = new Map(profiles.map((x) => [x.organisationId, x]));
    return ids.filter((id) => o.has(id)).map((id) => this.profileView(o.get(id)!, p.get(id) ?? null, principal));
  }

  /** Written by the organisation's members (or an admin); the search vector follows in the same transaction. */
  async saveProfile(organisationId: string, dto: ProfileDto, ctx: RequestCtx): Promise<ProfileView> {
    const principal = principalOf(ctx);
    return this.orm.em.fork().transactional(async (em) => {
      const org = await this.organisation(em, organisationId);
      if (!belongsTo(principal, organisationId) && !isAdmin(principal)) throw notAMember();
      const clean = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter(Boolean))];
      const fields = {
        description: dto.description.trim(), keywords: clean(dto.keywords), themes: [...new Set(dto.themes)], nafCode: dto.nafCode ?? null,
        equipment: clean(dto.equipment), seeks: [...new Set(dto.seeks)], city: dto.city?.trim() || null, updatedBy: principal.userId, updatedAt: new Date(),
      };
      let profile = await em.findOne(OrganisationProfile, { organisationId });
      if (profile) Object.assign(profile, fields);
      else profile = em.create(OrganisationProfile, { organisationId, ...fields });
      await em.flush();
      await em.execute(
        `update ${S}.organisation_profiles set search = ${profileVectorOf(NETWORK_SCHEMA, '?', '?', textArrayParam, textArrayParam)} where organisation_id = ?`,
        [org.name, profile.description, JSON.stringify(profile.keywords), JSON.stringify(profile.equipment), organisationId],
      );
      return this.profileView(org, profile, principal);
    });
  }

  // ---- partner wanted requests ----

  /** Who reads a request: its author's members, admins, and the members and staff of its pole (or of any pole). */
  private canSee(r: PartnerRequest, principal: Principal, myPoles: string[]): boolean {
    if (isAdmin(principal) || belongsTo(principal, r.authorOrganisationId)) return true;
    const staffPoles = principal.poles.map((p) => p.poleId);
    if (r.visibility === 'pole') return myPoles.includes(r.poleId) || staffPoles.includes(r.poleId);
    return myPoles.length > 0 || staffPoles.length > 0;
  }

  private async requestViews(em: EntityManager, rows: PartnerRequest[], principal: Principal): Promise<PartnerRequestView[]> {
    const orgIds = [...new Set(rows.flatMap((r) => [r.authorOrganisationId, ...(r.foundOrganisationId ? [r.foundOrganisationId] : [])]))];
    const [orgs, poles] = await Promise.all([
      em.find(OrganisationRef, { id: { $in: orgIds } }),
      em.find(PoleRef, { id: { $in: [...new Set(rows.map((r) => r.poleId))] } }),
    ]);
    const name = new Map(orgs.map((o) => [o.id, o.name]));
    const pole = new Map(poles.map((p) => [p.id, p.name]));
    return rows.map((r) => ({
      id: r.id, authorOrganisationId: r.authorOrganisationId, authorOrganisationName: name.get(r.authorOrganisationId) ?? '', poleId: r.poleId,
      poleName: pole.get(r.poleId) ?? '', title: r.title, idea: r.idea, competence: r.competence, kindsSought: r.kindsSought, regionsSought: r.regionsSought,
      themes: r.themes, deadline: r.deadline, visibility: r.visibility, status: r.status,
      foundOrganisationName: r.foundOrganisationId ? name.get(r.foundOrganisationId) ?? null : null, mine: belongsTo(principal, r.authorOrganisationId),
      createdAt: r.createdAt.toISOString(),
    }));
  }

  async createRequest(dto: PartnerRequestDto, ctx: RequestCtx): Promise<PartnerRequestView> {
    const principal = principalOf(ctx);
    const regionsSought = regionsOf(dto.regionsSought);
    if (dto.deadline < today()) throw new DomainError('DEADLINE_PASSED', 'the deadline has passed', 422, { errors: [{ path: 'deadline', message: 'must not be in the past' }] });
    return this.orm.em.fork().transactional(async (em) => {
      await this.organisation(em, dto.organisationId);
      if (!belongsTo(principal, dto.organisationId)) throw notAMember();
      if (!(await this.memberPoles(em, [dto.organisationId])).includes(dto.poleId)) {
        throw new DomainError('NOT_A_POLE_MEMBER', 'the organisation is not an active member of this pole', 403);
      }
      const r = em.create(PartnerRequest, {
        id: uuidv7(), authorOrganisationId: dto.organisationId, authorUserId: principal.userId, poleId: dto.poleId, title: dto.title.trim(), idea: dto.idea.trim(),
        competence: dto.competence.trim(), kindsSought: [...new Set(dto.kindsSought)], regionsSought, themes: [...new Set(dto.themes)], deadline: dto.deadline,
        visibility: dto.visibility, status: 'open', foundOrganisationId: null, createdAt: new Date(), closedAt: null,
      });
      await em.flush();
      return (await this.requestViews(em, [r], principal))[0];
    });
  }

  async requests(principal: Principal, status: RequestStatus, mine: boolean): Promise<PartnerRequestView[]> {
    const em = this.orm.em.fork();
    const myPoles = await this.memberPoles(em, principal.organisationIds);
    const staffPoles = principal.poles.map((p) => p.poleId);
    const any = isAdmin(principal) || myPoles.length > 0 || staffPoles.length > 0;
    const ors: object[] = [];
    if (principal.organisationIds.length) ors.push({ authorOrganisationId: { $in: principal.organisationIds } });
    if (!mine) {
      if (isAdmin(principal)) ors.push({});
      if ([...myPoles, ...staffPoles].length) ors.push({ visibility: 'pole', poleId: { $in: [...myPoles, ...staffPoles] } });
      if (any) ors.push({ visibility: 'all_poles' });
    }
    if (!ors.length) return [];
    const rows = await em.find(PartnerRequest, { status, $or: ors }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: 200 });
    return this.requestViews(em, rows, principal);
  }

  private async visibleRequest(em: EntityManager, id: string, principal: Principal): Promise<PartnerRequest> {
    const r = await em.findOne(PartnerRequest, id);
    if (!r || !this.canSee(r, principal, await this.memberPoles(em, principal.organisationIds))) throw requestNotFound(id);
    return r;
  }

  async request(id: string, principal: Principal): Promise<PartnerRequestView> {
    const em = this.orm.em.fork();
    return (await this.requestViews(em, [await this.visibleRequest(em, id, principal)], principal))[0];
  }

  async closeRequest(id: string, dto: CloseRequestDto, ctx: RequestCtx): Promise<PartnerRequestView> {
    const principal = principalOf(ctx);
    return this.orm.em.fork().transactional(async (em) => {
      const r = await this.visibleRequest(em, id, principal);
      if (!belongsTo(principal, r.authorOrganisationId) && !isAdmin(principal)) throw notAMember();
      if (r.status !== 'open') throw new DomainError('PARTNER_REQUEST_CLOSED', 'the request is already closed', 409);
      if (dto.organisationId) await this.organisation(em, dto.organisationId);
      r.status = dto.outcome;
      r.foundOrganisationId = dto.outcome === 'found' ? dto.organisationId ?? null : null;
      r.closedAt = new Date();
      await em.flush();
      return (await this.requestViews(em, [r], principal))[0];
    });
  }

  // ---- suggestions ----

  private async suggest(em: EntityManager, principal: Principal, input: { competence: string; idea: string; ourSide: string[]; req: Omit<MatchRequest, 'ourKinds' | 'ourRegions'> }): Promise<SuggestionView[]> {
    const ours = await em.find(OrganisationRef, { id: { $in: input.ourSide } });
    const { sql, params } = featureQuery(TABLES, { competence: input.competence, idea: input.idea, ourSide: input.ourSide, exclude: input.ourSide, limit: CANDIDATES });
    const rows = await em.execute<FeatureRow[]>(sql, params);
    const ranked = rankCandidates({
      ...input.req, ourKinds: ours.map((o) => partnerKindOf(o.kind, o.categoryFr)), ourRegions: [...new Set(ours.flatMap((o) => o.regions))],
    }, rows, SUGGESTIONS);
    const contacts = principal.organisationIds.length && ranked.length
      ? await em.find(Contact, {
        status: { $in: ['pending', 'accepted'] },
        $or: [
          { fromOrganisationId: { $in: principal.organisationIds }, toOrganisationId: { $in: ranked.map((s) => s.organisationId) } },
          { toOrganisationId: { $in: principal.organisationIds }, fromOrganisationId: { $in: ranked.map((s) => s.organisationId) } },
        ],
      })
      : [];
    return ranked.map((s) => {
      const c = contacts.find((x) => x.fromOrganisationId === s.organisationId || x.toOrganisationId === s.organisationId);
      return {
        ...s, reasons: s.reasons.map((r) => ({ code: r.code, fr: reasonText(r, 'fr', themeLabel), en: reasonText(r, 'en', themeLabel) })),
        contactStatus: c?.status ?? null, contactId: c?.id ?? null,
      };
    });
  }

  /** For a request: its author's members, the staff of its pole, admins. */
  async matchesForRequest(id: string, principal: Principal): Promise<SuggestionListView> {
    const em = this.orm.em.fork();
    const r = await this.visibleRequest(em, id, principal);
    const staff = principal.poles.some((p) => p.poleId === r.poleId);
    if (!belongsTo(principal, r.authorOrganisationId) && !staff && !isAdmin(principal)) throw notAMember();
    const items = await this.suggest(em, principal, {
      competence: r.competence, idea: `${r.title}. ${r.idea}`, ourSide: [r.authorOrganisationId],
      req: { kindsSought: r.kindsSought, regionsSought: r.regionsSought, themes: r.themes, text: `${r.competence} ${r.title} ${r.idea}` },
    });
    return { items, kindsSought: r.kindsSought };
  }

  /** For a project (a draft, typically): its partners' members and admins; favours the kinds its consortium lacks. */
  async matchesForProject(projectId: string, principal: Principal): Promise<SuggestionListView> {
    const em = this.orm.em.fork();
    const project = await em.findOne(ProjectCopy, projectId);
    const partners = project ? await em.find(ProjectPartnerCopy, { projectId }) : [];
    if (!project || (!partners.some((p) => belongsTo(principal, p.organisationId)) && !isAdmin(principal))) {
      throw new DomainError('PROJECT_NOT_FOUND', `no project ${projectId}`, 404);
    }
    const ourSide = partners.map((p) => p.organisationId);
    const orgs = await em.find(OrganisationRef, { id: { $in: ourSide } });
    const kindsSought = kindsMissingFromConsortium(orgs.map((o) => partnerKindOf(o.kind, o.categoryFr)));
    const text = `${project.title}. ${project.summary}`;
    const items = await this.suggest(em, principal, {
      competence: project.keywords.join(', '), idea: text, ourSide,
      req: { kindsSought, regionsSought: [], themes: project.themes, text: `${project.keywords.join(' ')} ${text}` },
    });
    return { items, kindsSought };
  }

  // ---- contacts and messages ----

  private async contactViews(em: EntityManager, rows: Contact[], principal: Principal, messages: ContactMessage[] = []): Promise<ContactView[]> {
    const ids = [...new Set(rows.flatMap((c) => [c.fromOrganisationId, c.toOrganisationId]))];
    const [orgs, requests] = await Promise.all([
      em.find(OrganisationRef, { id: { $in: ids } }),
      em.find(PartnerRequest, { id: { $in: rows.map((c) => c.partnerRequestId).filter((x): x is string => !!x) } }),
    ]);
    const name = new Map(orgs.map((o) => [o.id, o.name]));
    const title = new Map(requests.map((r) => [r.id, r.title]));
    return rows.map((c) => ({
      id: c.id, fromOrganisationId: c.fromOrganisationId, fromOrganisationName: name.get(c.fromOrganisationId) ?? '', toOrganisationId: c.toOrganisationId,
      toOrganisationName: name.get(c.toOrganisationId) ?? '', partnerRequestId: c.partnerRequestId, partnerRequestTitle: c.partnerRequestId ? title.get(c.partnerRequestId) ?? null : null,
      message: c.message, status: c.status, side: belongsTo(principal, c.fromOrganisationId) ? 'sent' : 'received', requestedAt: c.requestedAt.toISOString(),
      answeredAt: c.answeredAt?.toISOString() ?? null, lastActivityAt: c.lastActivityAt.toISOString(),
      messages: messages.filter((m) => m.contactId === c.id).map((m): MessageView => ({
        id: m.id, authorOrganisationId: m.authorOrganisationId, authorOrganisationName: name.get(m.authorOrganisationId) ?? '', body: m.body, postedAt: m.postedAt.toISOString(),
      })),
    }));
  }

  private ref(c: Contact, names: Map<string, string>, from = c.fromOrganisationId, to = c.toOrganisationId) {
    return { contactId: c.id, fromOrganisationId: from, fromOrganisationName: names.get(from) ?? '', toOrganisationId: to, toOrganisationName: names.get(to) ?? '' };
  }

  private async names(em: EntityManager, c: Contact): Promise<Map<string, string>> {
    const orgs = await em.find(OrganisationRef, { id: { $in: [c.fromOrganisationId, c.toOrganisationId] } });
    return new Map(orgs.map((o) => [o.id, o.name]));
  }

  async createContact(dto: ContactDto, ctx: RequestCtx): Promise<ContactView> {
    const principal = principalOf(ctx);
    if (!belongsTo(principal, dto.fromOrganisationId)) throw notAMember();
    if (dto.fromOrganisationId === dto.toOrganisationId) throw new DomainError('CONTACT_SELF', 'an organisation cannot contact itself', 422);
    try {
      return await this.orm.em.fork().transactional(async (em) => {
        await this.organisation(em, dto.fromOrganisationId);
        if (!(await em.findOne(OrganisationRef, dto.toOrganisationId))) throw new DomainError('UNKNOWN_ORGANISATION', `no organisation ${dto.toOrganisationId}`, 422);
        const request = dto.partnerRequestId ? await this.visibleRequest(em, dto.partnerRequestId, principal) : null;
        const now = new Date();
        const c = em.create(Contact, {
          id: uuidv7(), fromOrganisationId: dto.fromOrganisationId, toOrganisationId: dto.toOrganisationId, partnerRequestId: request?.id ?? null,
          message: dto.message.trim(), status: 'pending', requestedBy: principal.userId, requestedAt: now, answeredBy: null, answeredAt: null, lastActivityAt: now,
        });
        await em.flush();
        await this.outbox.append(em, [{
          type: 'network.contact_requested', streamId: c.id,
          payload: { ...this.ref(c, await this.names(em, c)), requestedBy: principal.userId, requestedAt: now.toISOString(), partnerRequestTitle: request?.title ?? null },
        }], ctx);
        return (await this.contactViews(em, [c], principal))[0];
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) throw new DomainError('CONTACT_EXISTS', 'a contact with this organisation is already open', 409);
      throw err;
    }
  }

  async contacts(principal: Principal): Promise<ContactView[]> {
    if (!principal.organisationIds.length) return [];
    const em = this.orm.em.fork();
    const rows = await em.find(Contact, {
      $or: [{ fromOrganisationId: { $in: principal.organisationIds } }, { toOrganisationId: { $in: principal.organisationIds } }],
    }, { orderBy: { lastActivityAt: 'desc', id: 'desc' }, limit: 200 });
    return this.contactViews(em, rows, principal);
  }

  private async visibleContact(em: EntityManager, id: string, principal: Principal): Promise<Contact> {
    const c = await em.findOne(Contact, id);
    if (!c || (!belongsTo(principal, c.fromOrganisationId) && !belongsTo(principal, c.toOrganisationId) && !isAdmin(principal))) throw contactNotFound(id);
    return c;
  }

  async contact(id: string, principal: Principal): Promise<ContactView> {
    const em = this.orm.em.fork();
    const c = await this.visibleContact(em, id, principal);
    const messages = await em.find(ContactMessage, { contactId: c.id }, { orderBy: { postedAt: 'asc', id: 'asc' } });
    return (await this.contactViews(em, [c], principal, messages))[0];
  }

  async answerContact(id: string, accepted: boolean, ctx: RequestCtx): Promise<ContactView> {
    const principal = principalOf(ctx);
    return this.orm.em.fork().transactional(async (em) => {
      const c = await this.visibleContact(em, id, principal);
      if (!belongsTo(principal, c.toOrganisationId)) throw new DomainError('NOT_CONTACT_RECIPIENT', 'only the contacted organisation answers', 403);
      if (c.status !== 'pending') throw new DomainError('CONTACT_NOT_PENDING', 'already answered', 409);
      const now = new Date();
      Object.assign(c, { status: accepted ? 'accepted' : 'declined', answeredBy: principal.userId, answeredAt: now, lastActivityAt: now });
      await em.flush();
      await this.outbox.append(em, [{
        type: 'network.contact_answered', streamId: c.id,
        payload: { ...this.ref(c, await this.names(em, c)), accepted, answeredBy: principal.userId, answeredAt: now.toISOString() },
      }], ctx);
      return (await this.contactViews(em, [c], principal))[0];
    });
  }

  async postMessage(id: string, body: string, ctx: RequestCtx): Promise<MessageView> {
    const principal = principalOf(ctx);
    return this.orm.em.fork().transactional(async (em) => {
      const c = await this.visibleContact(em, id, principal);
      const author = belongsTo(principal, c.fromOrganisationId) ? c.fromOrganisationId : belongsTo(principal, c.toOrganisationId) ? c.toOrganisationId : null;
      if (!author) throw notAMember();
      if (c.status !== 'accepted') throw new DomainError('CONTACT_NOT_ACCEPTED', 'messages open once the contact is accepted', 409);
      const now = new Date();
      const m = em.create(ContactMessage, { id: uuidv7(), contactId: c.id, authorOrganisationId: author, postedBy: principal.userId, body: body.trim(), postedAt: now });
      c.lastActivityAt = now;
      await em.flush();
      const names = await this.names(em, c);
      const other = author === c.fromOrganisationId ? c.toOrganisationId : c.fromOrganisationId;
      await this.outbox.append(em, [{
        type: 'network.contact_message_posted', streamId: c.id,
        payload: { ...this.ref(c, names, author, other), messageId: m.id, postedBy: principal.userId, postedAt: now.toISOString() },
      }], ctx);
      return { id: m.id, authorOrganisationId: author, authorOrganisationName: names.get(author) ?? '', body: m.body, postedAt: now.toISOString() };
    });
  }
}
