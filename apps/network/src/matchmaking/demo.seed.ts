import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { v5 as uuidv5 } from 'uuid';
import { poleIdOf, type EventPayload } from '@poleflow/contracts';
import { NETWORK_CONFIG, type NetworkConfig } from '../config.js';
import { NETWORK_SCHEMA } from '../schema.js';
import { DEMO_PROFILES, DEMO_PROJECTS } from './demo-profiles.js';

const S = `"${NETWORK_SCHEMA}"`;
const NAMESPACE = '6f1c2d3e-4b5a-5c6d-8e7f-9a0b1c2d3e4f';
const SYSTEM = uuidv5('matchmaking-demo', NAMESPACE);

interface DemoOrgProfile { description: string; keywords: string[]; themes: string[]; equipment: string[]; seeks: string[]; city: string }

/** Profiles of apps/directory's demo organisations, by SIREN. */
const DEMO_ORGS: Record<string, DemoOrgProfile> = {
  '732829320': {
    city: 'Toulouse', description: "Bureau d'études en aérodynamique : conception d'ailes à géométrie variable (morphing), simulation CFD et essais en soufflerie.",
    keywords: ['aérodynamique', 'aile morphing', 'simulation CFD', 'essais en soufflerie'], themes: ['aeronautics-space'], equipment: ['soufflerie subsonique'], seeks: ['lab', 'PME'],
  },
  '405183278': {
    city: 'Bordeaux', description: 'Fabricant de pièces en matériaux composites thermoplastiques pour les aérostructures : drapage automatisé, préimprégnés, thermoformage.',
    keywords: ['matériaux composites', 'composites thermoplastiques', 'drapage automatisé', 'préimprégnés'], themes: ['aeronautics-space', 'chemistry-materials'],
    equipment: ['autoclave', 'robot de placement de fibres'], seeks: ['lab', 'ETI'],
  },
  '775722879': {
    city: 'Toulouse', description: "Laboratoire de recherche en aérodynamique, matériaux et structures composites ; contrôle non destructif et vision par ordinateur pour l'inspection des structures.",
    keywords: ['aérodynamique', 'structures composites', 'contrôle non destructif', 'vision par ordinateur', 'essais structuraux'], themes: ['aeronautics-space', 'chemistry-materials'],
    equipment: ['soufflerie', 'banc d\'essais structuraux', 'tomographe à rayons X'], seeks: ['PME', 'ETI'],
  },
};
const ONERA = '775722879';

/**
 * Demo data of matchmaking (SEED_DEMO): a realistic subset of the quality fixture (test/fixtures/matchmaking,
 * 60 organisations of aeronautics, materials, manufacturing and digital, with their past projects) known to network
 * only, and the profiles of directory's demo organisations when they are registered, plus one open request of the
 * ONERA lab to every pole's members. Idempotent (fixed ids, `on conflict do nothing`).
 */
@Injectable()
export class MatchmakingDemoSeed implements OnApplicationBootstrap {
  private readonly logger = new Logger(MatchmakingDemoSeed.name);

  constructor(private readonly orm: MikroORM, @Inject(NETWORK_CONFIG) private readonly cfg: NetworkConfig) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.cfg.SEED_DEMO) return;
    await this.orm.em.fork().transactional(async (em) => {
      for (const o of DEMO_PROFILES) {
        await em.execute(`insert into ${S}.organisations (id, name, kind, siren, region, regions, naf_code, size_eu, category_fr) values (?, ?, ?, ?, ?, ?, ?, null, ?) on conflict do nothing`,
          [o.id, o.name, o.kind, o.siren, o.region, JSON.stringify([o.region]), o.nafCode, o.categoryFr]);
        await this.profile(em, o.id, o);
      }
      for (const p of DEMO_PROJECTS) {
        const id = uuidv5(`project:${p.title}`, NAMESPACE);
        for (const org of p.partners) {
          await em.execute(`insert into ${S}.project_partners (project_id, organisation_id, project_title) values (?, ?, ?) on conflict do nothing`, [id, org, p.title]);
        }
      }
      await this.refreshSearch(em);
    });
    this.logger.log({ profiles: DEMO_PROFILES.length, projects: DEMO_PROJECTS.length }, 'demo matchmaking profiles ready');
  }

  /** Called with each organisation directory registers (inside its inbox transaction, after the demo memberships). */
  async onOrganisation(em: EntityManager, p: EventPayload<'organisation.registered'>): Promise<void> {
    const demo = DEMO_ORGS[p.siren];
    if (!this.cfg.SEED_DEMO || !demo) return;
    await this.profile(em, p.organisationId, demo);
    await this.refreshSearch(em);
    if (p.siren === ONERA) {
      const deadline = new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10);
      await em.execute(
        `insert into ${S}.partner_requests (id, author_organisation_id, author_user_id, pole_id, title, idea, competence, kinds_sought, regions_sought, themes, deadline, visibility, status, found_organisation_id, created_at, closed_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'all_poles', 'open', null, now(), null) on conflict do nothing`,
        [uuidv5(`request:${p.organisationId}`, NAMESPACE), p.organisationId, SYSTEM, poleIdOf('aerospace-valley'), 'Panneaux composites instrumentés pour essais de fatigue',
          'Nous voulons instrumenter des panneaux de fuselage en composite thermoplastique pour suivre leur endommagement en fatigue.',
          'Une PME ou ETI des matériaux composites (thermoplastiques, drapage automatisé) pour fabriquer les panneaux.',
          JSON.stringify(['PME', 'ETI']), JSON.stringify(['Occitanie', 'Nouvelle-Aquitaine']), JSON.stringify(['aeronautics-space', 'chemistry-materials']), deadline],
      );
    }
  }

  private async profile(em: EntityManager, organisationId: string, p: Omit<DemoOrgProfile, 'city'> & { city: string; nafCode?: string | null }): Promise<void> {
    await em.execute(
      `insert into ${S}.organisation_profiles (organisation_id, description, keywords, themes, naf_code, equipment, seeks, city, updated_by, updated_at, version)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, now(), 1) on conflict do nothing`,
      [organisationId, p.description, JSON.stringify(p.keywords), JSON.stringify(p.themes), p.nafCode ?? null, JSON.stringify(p.equipment), JSON.stringify(p.seeks), p.city, SYSTEM],
    );
  }

  private async refreshSearch(em: EntityManager): Promise<void> {
    await em.execute(`update ${S}.organisation_profiles p
      set search = ${S}."profile_search_vector"(o.name, p.description, array(select jsonb_array_elements_text(p.keywords)), array(select jsonb_array_elements_text(p.equipment)))
      from ${S}.organisations o where o.id = p.organisation_id and p.search is null`);
  }
}
