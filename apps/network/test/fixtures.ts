import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CATEGORY_FR, ORGANISATION_KINDS } from '@poleflow/contracts';
import { deliver, envelope } from '@poleflow/testing';

/** A pole as directory publishes it. */
export async function pole(app: INestApplication, o: { name?: string; members?: number | null } = {}): Promise<string> {
  const poleId = randomUUID();
  await deliver(app, envelope('pole.published', {
    poleId, slug: `p-${poleId.slice(0, 8)}`, code: poleId.slice(0, 4).toUpperCase(), name: o.name ?? 'Aerospace Valley', regions: ['Occitanie'], themes: ['aeronautics-space'], members: o.members ?? null,
  }, { streamId: poleId, source: 'directory' }));
  return poleId;
}

/** An organisation as directory registers it. */
export async function organisation(
  app: INestApplication, o: { name?: string; kind?: (typeof ORGANISATION_KINDS)[number]; categoryFr?: (typeof CATEGORY_FR)[number] | null; siren?: string } = {},
): Promise<string> {
  const organisationId = randomUUID();
  await deliver(app, envelope('organisation.registered', {
    organisationId, name: o.name ?? 'AéroLab SAS', kind: o.kind ?? 'company', siren: o.siren ?? String(100_000_000 + Math.floor(Math.random() * 800_000_000)), siret: null,
    region: 'Occitanie', nafCode: '72.19Z', sizeEu: 'small', categoryFr: o.categoryFr === undefined ? 'PME' : o.categoryFr,
  }, { streamId: organisationId, source: 'directory' }));
  return organisationId;
}

export const application = (poleId: string, organisationId: string, city = 'Toulouse') => ({
  poleId, organisationId, city, themes: ['aéronautique'], contact: { name: 'Alice Martin', email: 'alice@aerolab.test', phone: '+33 5 61 00 00 00' }, message: 'Nous souhaitons adhérer.',
});
