import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '@poleflow/testing';
import { featureQuery, matchingFunctionsDdl, profileVectorOf, toPgParams, type FeatureRow, type MatchingTables } from './sql.js';
import { rankCandidates, WEIGHTS, type Weights } from './rank.js';
import type { PartnerKind } from './kinds.js';

/*
 * Proof of quality (issue 15 §3): on the fixture written before the ranking (test/fixtures/matchmaking,
 * 230 profiles, 20 requests with their known good partners), the top five suggestions hold at least 80 %
 * of the good partners on average. Real PostgreSQL: the text part runs there (French full-text search).
 */
interface FixtureOrg { id: string; name: string; profileKind: PartnerKind; region: string; description: string; keywords: string[]; equipment: string[]; themes: string[] }
interface FixtureRequest { key: string; requesterId: string; title: string; idea: string; competence: string; themes: string[]; kindsSought: PartnerKind[]; regionsSought: string[] | null; expected: string[] }
interface FixtureProject { title: string; partners: string[] }

const DIR = join(process.cwd(), 'test/fixtures/matchmaking');
const load = <T>(f: string): T => JSON.parse(readFileSync(join(DIR, f), 'utf8')) as T;
const T: MatchingTables = { schema: 'network', profiles: 'organisation_profiles', projectPartners: 'project_partners' };

describe('matchmaking quality on the fixture', () => {
  let db: TestDatabase;
  let client: pg.Client;
  const orgs = load<FixtureOrg[]>('organisations.json');
  const requests = load<FixtureRequest[]>('requests.json');
  const projects = load<FixtureProject[]>('collaborations.json');

  beforeAll(async () => {
    db = await createTestDatabase('matching');
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query('create extension if not exists unaccent with schema public');
    await client.query('create schema network');
    for (const ddl of matchingFunctionsDdl('network')) await client.query(ddl);
    await client.query(`create table network.organisation_profiles (organisation_id uuid primary key, name text not null, partner_kind text not null,
      region text not null, regions text[] not null, themes text[] not null, description text not null, keywords text[] not null, equipment text[] not null, search tsvector)`);
    await client.query('create table network.project_partners (project_id uuid not null, organisation_id uuid not null, project_title text not null, primary key (project_id, organisation_id))');
    await client.query('create index on network.organisation_profiles using gin (search)');
    for (const o of orgs) {
      await client.query('insert into network.organisation_profiles values ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
        o.id, o.name, o.profileKind, o.region, [o.region], o.themes, o.description, o.keywords, o.equipment,
      ]);
    }
    await client.query(`update network.organisation_profiles set search = ${profileVectorOf('network', 'name', 'description', 'keywords', 'equipment')}`);
    for (const [i, p] of projects.entries()) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
      for (const org of p.partners) await client.query('insert into network.project_partners values ($1, $2, $3)', [id, org, p.title]);
    }
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('puts at least 80 % of the known good partners in the top five, on average over the 20 requests', async () => {
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const recalls: number[] = [];
    const lines: string[] = [];
    const zero = Object.fromEntries(Object.keys(WEIGHTS).map((k) => [k, 0])) as unknown as Weights;
    const ablations: Record<string, { weights: Weights; recalls: number[] }> = {
      'text only': { weights: { ...zero, text: 1 }, recalls: [] },
      'without text': { weights: { ...WEIGHTS, text: 0 }, recalls: [] },
      'without kind and region': { weights: { ...WEIGHTS, kindSought: 0, regionSought: 0, sameRegion: 0 }, recalls: [] },
    };
    for (const r of requests) {
      const me = byId.get(r.requesterId)!;
      const { sql, params } = featureQuery(T, { competence: r.competence, idea: `${r.title}. ${r.idea}`, ourSide: [me.id], exclude: [me.id], limit: 300 });
      const { rows } = await client.query<FeatureRow>(toPgParams(sql), params);
      const top = rankCandidates(
        { kindsSought: r.kindsSought, regionsSought: r.regionsSought ?? [], themes: r.themes, ourKinds: [me.profileKind], ourRegions: [me.region], text: `${r.competence} ${r.title} ${r.idea}` },
        rows,
        5,
      );
      const hit = r.expected.filter((id) => top.some((s) => s.organisationId === id)).length;
      for (const a of Object.values(ablations)) {
        const t = rankCandidates({ kindsSought: r.kindsSought, regionsSought: r.regionsSought ?? [], themes: r.themes, ourKinds: [me.profileKind], ourRegions: [me.region], text: r.competence }, rows, 5, a.weights);
        a.recalls.push(r.expected.filter((id) => t.some((s) => s.organisationId === id)).length / r.expected.length);
      }
      recalls.push(hit / r.expected.length);
      lines.push(`${r.key} ${hit}/${r.expected.length}  top5: ${top.map((s) => `${s.name}${r.expected.includes(s.organisationId) ? '✓' : ''} ${s.score}`).join(' | ')}`);
    }
    const mean = recalls.reduce((a, b) => a + b, 0) / recalls.length;
    const pct = (xs: number[]) => `${((100 * xs.reduce((a, b) => a + b, 0)) / xs.length).toFixed(1)} %`;
    console.log(
      `matchmaking fixture: top-5 recall ${pct(recalls)} over ${requests.length} requests (${Object.entries(ablations).map(([k, a]) => `${k}: ${pct(a.recalls)}`).join('; ')})\n${lines.join('\n')}`,
    );
    expect(requests).toHaveLength(20);
    expect(orgs.length).toBeGreaterThanOrEqual(200);
    expect(mean).toBeGreaterThanOrEqual(0.8);
  });

  it('explains each suggestion, and counts an earlier collaboration', async () => {
    const r = requests.find((x) => x.key === 'R01')!;
    const me = byIdOf(orgs).get(r.requesterId)!;
    const { sql, params } = featureQuery(T, { competence: r.competence, idea: `${r.title}. ${r.idea}`, ourSide: [me.id], exclude: [me.id], limit: 300 });
    const { rows } = await client.query<FeatureRow>(toPgParams(sql), params);
    const top = rankCandidates({ kindsSought: ['lab'], regionsSought: ['Occitanie'], themes: r.themes, ourKinds: ['TPE'], ourRegions: ['Occitanie'], text: r.competence }, rows, 5);
    expect(top[0]!.reasons.map((x) => x.code)).toEqual(expect.arrayContaining(['KEYWORDS', 'KIND_SOUGHT', 'REGION_SOUGHT']));
    const partner = projects.find((p) => p.partners.includes(me.id))!.partners.find((id) => id !== me.id)!;
    const withCollab = top.find((s) => s.organisationId === partner);
    expect(withCollab?.reasons).toContainEqual({ code: 'EARLIER_COLLABORATION', projects: [projects.find((p) => p.partners.includes(partner) && p.partners.includes(me.id))!.title] });
    expect(rows.every((x) => x.organisation_id !== me.id)).toBe(true);
  });
});

const byIdOf = (orgs: FixtureOrg[]) => new Map(orgs.map((o) => [o.id, o]));
