import type { EntityManager } from '@mikro-orm/postgresql';
import { DEFAULT_ADMISSIBILITY_SETTINGS, DEFAULT_WEIGHTS, type AdmissibilitySettings, type Weights } from '@poleflow/domain';
import { PoleSettings } from '../cases/case.entity.js';

export interface EffectiveSettings extends AdmissibilitySettings {
  poleId: string;
  quorum: number;
  weights: Weights;
  reviewDays: number;
  labelValidityMonths: number;
  /** 0 while the pole runs on the defaults (no row yet). */
  version: number;
}

export const DEFAULT_SETTINGS: Omit<EffectiveSettings, 'poleId' | 'version'> = {
  ...DEFAULT_ADMISSIBILITY_SETTINGS,
  quorum: 2,
  weights: DEFAULT_WEIGHTS,
  reviewDays: 21,
  labelValidityMonths: 24,
};

export async function settingsOf(em: EntityManager, poleId: string): Promise<EffectiveSettings> {
  const row = await em.findOne(PoleSettings, { poleId });
  if (!row) return { poleId, version: 0, ...DEFAULT_SETTINGS };
  return {
    poleId, version: row.version, quorum: row.quorum, weights: row.weights, reviewDays: row.reviewDays, labelValidityMonths: row.labelValidityMonths,
    collaborativeRequired: row.collaborativeRequired, maxPartnerSharePct: row.maxPartnerSharePct, minLeadRegionalSharePct: row.minLeadRegionalSharePct,
  };
}
