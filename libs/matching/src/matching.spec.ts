import { complementaryKind, complementarySize, kindsMissingFromConsortium, partnerKindOf } from './kinds.js';
import { reasonText } from './reasons.js';
import { foldFrench, frenchWords } from './text.js';
import { rankCandidates } from './rank.js';
import type { FeatureRow } from './sql.js';
import { featureQuery, toPgParams } from './sql.js';

const row = (over: Partial<FeatureRow>): FeatureRow => ({
  organisation_id: 'o', name: 'X', partner_kind: 'PME', region: 'Bretagne', regions: ['Bretagne'], themes: [], text_score: 0,
  matched_lexemes: [], matched_keywords: [], matched_equipment: [], shared_projects: [], ...over,
});

describe('partner kinds', () => {
  it('maps directory organisations to partner kinds', () => {
    expect(partnerKindOf('research_organisation', null)).toBe('lab');
    expect(partnerKindOf('training_body', null)).toBe('training');
    expect(partnerKindOf('company', 'ETI')).toBe('ETI');
    expect(partnerKindOf('company', null)).toBe('PME');
  });
  it('says which kinds and sizes complement each other', () => {
    expect(complementaryKind('PME', 'lab')).toBe(true);
    expect(complementaryKind('PME', 'ETI')).toBe(false);
    expect(complementarySize('TPE', 'GE')).toBe(true);
    expect(complementarySize('PME', 'TPE')).toBe(false);
  });
  it('finds what a draft consortium lacks: a research or training body, several companies', () => {
    expect(kindsMissingFromConsortium(['PME', 'ETI'])).toEqual(['lab']);
    expect(kindsMissingFromConsortium(['PME', 'lab'])).toEqual(['TPE', 'PME', 'ETI', 'GE']);
    expect(kindsMissingFromConsortium(['PME', 'GE', 'lab'])).toEqual([]);
  });
});

describe('French text', () => {
  it('folds accents and ligatures as unaccent does, and drops stop words', () => {
    expect(foldFrench('Éolien en mer, cœur')).toBe('eolien en mer, coeur');
    expect(frenchWords("Un laboratoire d'électrochimie pour les piles à combustible")).toEqual(['laboratoire', 'electrochimie', 'piles', 'combustible']);
  });
});

describe('reasons', () => {
  it('are worded in French and English', () => {
    expect(reasonText({ code: 'KIND_SOUGHT', kind: 'lab' }, 'fr')).toBe("C'est le type de partenaire recherché (laboratoire de recherche)");
    expect(reasonText({ code: 'EARLIER_COLLABORATION', projects: ['A', 'B'] }, 'en')).toBe('You have already worked together on the platform (A and B)');
    expect(reasonText({ code: 'THEMES', themes: ['energy'] }, 'fr', () => 'Énergie')).toBe('Thèmes en commun : Énergie');
  });
});

describe('rankCandidates', () => {
  const req = { kindsSought: ['lab' as const], regionsSought: ['Occitanie'], themes: ['energy'], ourKinds: ['TPE' as const], ourRegions: ['Occitanie'], text: 'piles à combustible' };
  it('puts the right kind in the region sought first, with its reasons', () => {
    const out = rankCandidates(req, [
      row({ organisation_id: 'a', name: 'Lab far', partner_kind: 'lab', region: 'Bretagne', regions: ['Bretagne'], text_score: 0.6, matched_lexemes: ['pil'] }),
      row({ organisation_id: 'b', name: 'Lab near', partner_kind: 'lab', region: 'Occitanie', regions: ['Occitanie'], text_score: 0.6, matched_lexemes: ['pil'], themes: ['energy'] }),
      row({ organisation_id: 'c', name: 'Company near', partner_kind: 'PME', region: 'Occitanie', regions: ['Occitanie'], text_score: 0.6 }),
    ]);
    expect(out.map((s) => s.organisationId)).toEqual(['b', 'a', 'c']);
    expect(out[0]!.reasons).toEqual([
      { code: 'KEYWORDS', terms: ['piles'] },
      { code: 'KIND_SOUGHT', kind: 'lab' },
      { code: 'REGION_SOUGHT', region: 'Occitanie' },
      { code: 'THEMES', themes: ['energy'] },
    ]);
    expect(out[0]!.score).toBeGreaterThan(out[1]!.score);
  });
  it('counts an earlier collaboration and, with no kind sought, a complementary kind', () => {
    const out = rankCandidates({ ...req, kindsSought: [], regionsSought: [] }, [
      row({ organisation_id: 'a', partner_kind: 'PME', text_score: 0.5 }),
      row({ organisation_id: 'b', partner_kind: 'lab', text_score: 0.5, shared_projects: ['Projet HYDRA'] }),
    ]);
    expect(out[0]!.organisationId).toBe('b');
    expect(out[0]!.reasons).toContainEqual({ code: 'COMPLEMENTARY_KIND', kind: 'lab' });
    expect(out[0]!.reasons).toContainEqual({ code: 'EARLIER_COLLABORATION', projects: ['Projet HYDRA'] });
  });
});

describe('featureQuery', () => {
  it('refuses unsafe identifiers and numbers its placeholders for pg', () => {
    expect(() => featureQuery({ schema: 'x;drop', profiles: 'p', projectPartners: 'c' }, { competence: '', idea: '', ourSide: [], exclude: [], limit: 1 })).toThrow('unsafe');
    const { sql, params } = featureQuery({ schema: 'network', profiles: 'organisation_profiles', projectPartners: 'project_partners' }, { competence: 'a', idea: 'b', ourSide: [], exclude: [], limit: 5 });
    expect(params).toEqual(['a', 'b', '[]', '[]', 5]);
    expect(toPgParams(sql)).toContain('$5');
    expect(toPgParams(sql)).not.toContain('?');
  });
});
