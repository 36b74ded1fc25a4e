import { complementaryKind, complementarySize, isPartnerKind, type PartnerKind } from './kinds.js';
import type { Reason } from './reasons.js';
import { foldFrench, frenchWords } from './text.js';
import type { FeatureRow } from './sql.js';

/*
 * The final ranking (pure): the text score from PostgreSQL (sql.ts) plus the structured fit — kind sought
 * or complementary kind and size, region sought or shared, themes, earlier collaborations on the
 * platform — and the reasons that explain it.
 */

export interface MatchRequest {
  /** Kinds the author asks for; empty = any, then complementary kinds count. */
  kindsSought: PartnerKind[];
  /** Regions the author asks for; empty = anywhere, then the asking side's regions count a little. */
  regionsSought: string[];
  themes: string[];
  /** The asking side (requester organisation, or the draft project's partners). */
  ourKinds: PartnerKind[];
  ourRegions: string[];
  /** The request's text (for the words shown in reasons). */
  text: string;
}

export interface Suggestion {
  organisationId: string;
  name: string;
  partnerKind: PartnerKind;
  region: string;
  /** 0–100. */
  score: number;
  reasons: Reason[];
}

/** Contribution of each signal; the text score is 0..1. */
export const WEIGHTS: Weights = {
  text: 1,
  kindSought: 0.35,
  complementaryKind: 0.15,
  complementarySize: 0.05,
  regionSought: 0.25,
  sameRegion: 0.05,
  themePerShared: 0.04,
  themesMax: 0.08,
  equipment: 0.03,
  collaboration: 0.12,
};

export interface Weights {
  text: number;
  kindSought: number;
  complementaryKind: number;
  complementarySize: number;
  regionSought: number;
  sameRegion: number;
  themePerShared: number;
  themesMax: number;
  equipment: number;
  collaboration: number;
}

const maxOf = (w: Weights) => w.text + w.kindSought + w.complementarySize + w.regionSought + w.themesMax + w.equipment + w.collaboration || 1;

const regionEq = (a: string, b: string) => foldFrench(a).trim() === foldFrench(b).trim();

/** The request's words a matched stem came from ("fissur" → "fissures"), for a readable reason. */
function termsOf(lexemes: string[], words: string[]): string[] {
  const out: string[] = [];
  for (const l of lexemes) {
    const w = words.find((x) => x.startsWith(l)) ?? l;
    if (!out.includes(w)) out.push(w);
  }
  return out;
}

/** The `limit` best candidates with their reasons; `weights` overridable for measurements (ablations). */
export function rankCandidates(req: MatchRequest, rows: FeatureRow[], limit = 10, weights: Weights = WEIGHTS): Suggestion[] {
  const WEIGHTS = weights;
  const MAX = maxOf(weights);
  const words = frenchWords(req.text);
  const scored = rows.map((r) => {
    const kind: PartnerKind = isPartnerKind(r.partner_kind) ? r.partner_kind : 'PME';
    const regions = r.regions?.length ? r.regions : [r.region];
    const reasons: Reason[] = [];
    const text = Number(r.text_score);
    let score = WEIGHTS.text * text;
    if (text > 0) {
      const terms = r.matched_keywords.length ? r.matched_keywords.slice(0, 4) : termsOf(r.matched_lexemes, words).slice(0, 5);
      reasons.push({ code: 'KEYWORDS', terms });
    }
    if (req.kindsSought.length) {
      if (req.kindsSought.includes(kind) && WEIGHTS.kindSought > 0) {
        score += WEIGHTS.kindSought;
        reasons.push({ code: 'KIND_SOUGHT', kind });
      }
    } else if (req.ourKinds.length && req.ourKinds.every((k) => complementaryKind(k, kind))) {
      score += WEIGHTS.complementaryKind;
      reasons.push({ code: 'COMPLEMENTARY_KIND', kind });
    }
    if (req.ourKinds.some((k) => complementarySize(k, kind))) {
      score += WEIGHTS.complementarySize;
      reasons.push({ code: 'COMPLEMENTARY_SIZE', kind });
    }
    if (req.regionsSought.length) {
      const hit = regions.find((g) => req.regionsSought.some((s) => regionEq(g, s)));
      if (hit) {
        score += WEIGHTS.regionSought;
        reasons.push({ code: 'REGION_SOUGHT', region: hit });
      }
    } else {
      const hit = regions.find((g) => req.ourRegions.some((s) => regionEq(g, s)));
      if (hit) {
        score += WEIGHTS.sameRegion;
        reasons.push({ code: 'SAME_REGION', region: hit });
      }
    }
    const themes = r.themes.filter((t) => req.themes.includes(t));
    if (themes.length) {
      score += Math.min(WEIGHTS.themesMax, WEIGHTS.themePerShared * themes.length);
      reasons.push({ code: 'THEMES', themes });
    }
    if (r.matched_equipment.length) {
      score += WEIGHTS.equipment;
      reasons.push({ code: 'EQUIPMENT', equipment: r.matched_equipment.slice(0, 3) });
    }
    if (r.shared_projects.length) {
      score += WEIGHTS.collaboration;
      reasons.push({ code: 'EARLIER_COLLABORATION', projects: r.shared_projects.slice(0, 3) });
    }
    return { organisationId: r.organisation_id, name: r.name, partnerKind: kind, region: r.region, raw: score, reasons };
  });
  scored.sort((a, b) => b.raw - a.raw || a.name.localeCompare(b.name, 'fr'));
  return scored.slice(0, limit).map(({ raw, ...s }) => ({ ...s, score: Math.round((100 * raw) / MAX) }));
}
