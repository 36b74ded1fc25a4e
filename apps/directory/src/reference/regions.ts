// The region vocabulary lives in libs/domain (the tracker's region dashboard needs it too).
export { canonicalRegion, FRENCH_REGIONS, METROPOLITAN_REGIONS, OVERSEAS_REGIONS, regionKey, type FrenchRegion } from '@poleflow/domain';
