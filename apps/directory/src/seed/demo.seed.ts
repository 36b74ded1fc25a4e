import { Injectable, type INestApplicationContext } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Role } from '@poleflow/contracts';
import type { EmitContext } from '@poleflow/messaging';
import { AccountsService } from '../accounts/accounts.service.js';
import { principalFor } from '../accounts/principal.js';
import { Affiliation, type AffiliationKind, type AffiliationRole } from '../affiliations/affiliation.entity.js';
import { AffiliationsService } from '../affiliations/affiliations.service.js';
import type { CreateOrganisationDto } from '../organisations/organisation.dto.js';
import { Organisation } from '../organisations/organisation.entity.js';
import { OrganisationsService } from '../organisations/organisations.service.js';
import { funderIdOf, poleIdOf } from '../reference/ids.js';

export const DEMO_PASSWORD = 'poleflow-demo-2026';

export interface DemoAccount {
  email: string;
  password: string;
  displayName: string;
  roles: Role[];
  description: string;
}

interface DemoPerson {
  email: string;
  displayName: string;
  isAdmin?: boolean;
  description: string;
  organisation?: CreateOrganisationDto;
  staff?: { kind: Exclude<AffiliationKind, 'organisation'>; targetId: string; role: AffiliationRole };
}

/** Laboratoire ONERA Toulouse: Chloé registers it; Étienne, a reviewer, is also a member (the conflict-of-interest example). */
const ONERA: CreateOrganisationDto = {
  name: 'Laboratoire ONERA Toulouse', kind: 'research_organisation', siren: '775722879', region: 'Occitanie', nafCode: '72.19Z',
};
const AEROSPACE_VALLEY = poleIdOf('aerospace-valley');
const SYSTEMATIC = poleIdOf('systematic-paris-region');

/*
 * One account per role, with the organisations a demo needs, plus reviewer pools of two reviewers or more for
 * Aerospace Valley and Systematic Paris-Region, and a funder officer for each of Bpifrance, the ANR and the
 * Région Occitanie (two national agencies and a Region). expert@onera.test reviews for Aerospace Valley and
 * works for ONERA: labelling must refuse to assign them a project ONERA is a partner of. SIRENs carry a valid Luhn key:
 * 732 829 320 is INSEE's worked example (DOMAIN.md §7); 405 183 278 was made up for this demo (key 8
 * computed with the Luhn rule); 775 722 879 is ONERA's.
 */
const PEOPLE: DemoPerson[] = [
  { email: 'admin@poleflow.test', displayName: 'Ada Admin', isAdmin: true, description: 'platform admin' },
  {
    email: 'alice@aerolab.test', displayName: 'Alice Martin', description: 'applicant, AéroLab SAS (small company, PME, Occitanie)',
    organisation: {
      name: 'AéroLab SAS', kind: 'company', siren: '732829320', siret: '73282932000074', region: 'Occitanie', nafCode: '72.19Z',
      headcount: 45, turnoverCents: 800_000_000, balanceSheetCents: 500_000_000,
    },
  },
  {
    email: 'bruno@composites.test', displayName: 'Bruno Lefèvre', description: 'applicant, Composites du Sud (medium company, Nouvelle-Aquitaine)',
    organisation: {
      name: 'Composites du Sud', kind: 'company', siren: '405183278', region: 'Nouvelle-Aquitaine', nafCode: '22.29A',
      headcount: 120, turnoverCents: 2_200_000_000, balanceSheetCents: 1_500_000_000,
    },
  },
  {
    email: 'chloe@onera.test', displayName: 'Chloé Dubois', description: 'applicant, Laboratoire ONERA Toulouse (research organisation)',
    organisation: ONERA,
  },
  {
    email: 'reviewer@aerospace-valley.test', displayName: 'Rémi Reviewer', description: 'reviewer, Aerospace Valley',
    staff: { kind: 'pole', targetId: AEROSPACE_VALLEY, role: 'reviewer' },
  },
  {
    email: 'reviewer2@aerospace-valley.test', displayName: 'Rose Reviewer', description: 'reviewer, Aerospace Valley',
    staff: { kind: 'pole', targetId: AEROSPACE_VALLEY, role: 'reviewer' },
  },
  {
    email: 'expert@onera.test', displayName: 'Étienne Expert',
    description: 'reviewer, Aerospace Valley, and member of Laboratoire ONERA Toulouse (conflict of interest when ONERA is a partner)',
    organisation: ONERA,
    staff: { kind: 'pole', targetId: AEROSPACE_VALLEY, role: 'reviewer' },
  },
  {
    email: 'manager@aerospace-valley.test', displayName: 'Marion Manager', description: 'pole manager, Aerospace Valley',
    staff: { kind: 'pole', targetId: AEROSPACE_VALLEY, role: 'pole_manager' },
  },
  {
    email: 'reviewer@systematic.test', displayName: 'Sacha Reviewer', description: 'reviewer, Systematic Paris-Region',
    staff: { kind: 'pole', targetId: SYSTEMATIC, role: 'reviewer' },
  },
  {
    email: 'reviewer2@systematic.test', displayName: 'Sofia Reviewer', description: 'reviewer, Systematic Paris-Region',
    staff: { kind: 'pole', targetId: SYSTEMATIC, role: 'reviewer' },
  },
  {
    email: 'manager@systematic.test', displayName: 'Samuel Systematic', description: 'pole manager, Systematic Paris-Region',
    staff: { kind: 'pole', targetId: SYSTEMATIC, role: 'pole_manager' },
  },
  {
    email: 'officer@bpifrance.test', displayName: 'Odile Officer', description: 'funder officer, Bpifrance',
    staff: { kind: 'funder', targetId: funderIdOf('bpifrance'), role: 'funder_officer' },
  },
  {
    email: 'officer@anr.test', displayName: 'Antoine Officer', description: 'funder officer, ANR',
    staff: { kind: 'funder', targetId: funderIdOf('anr'), role: 'funder_officer' },
  },
  {
    email: 'officer@laregion.test', displayName: 'Léa Officer', description: 'funder officer, Région Occitanie',
    staff: { kind: 'funder', targetId: funderIdOf('region-occitanie'), role: 'funder_officer' },
  },
];

/**
 * Demo accounts and organisations, idempotently: what exists is kept (passwords are never reset), what is
 * missing is created through the same services as the API, so the same events are emitted. Needs the
 * reference data (poles, funders) seeded first.
 */
@Injectable()
export class DemoSeeder {
  constructor(
    private readonly orm: MikroORM,
    private readonly accounts: AccountsService,
    private readonly organisations: OrganisationsService,
    private readonly affiliations: AffiliationsService,
  ) {}

  async seed(): Promise<DemoAccount[]> {
    const out: DemoAccount[] = [];
    for (const person of PEOPLE) {
      const { account } = await this.accounts.ensureAccount({ ...person, password: DEMO_PASSWORD });
      const ctx: EmitContext = { actor: null, correlationId: 'seed:demo' };
      if (person.organisation) await this.ensureMember(account, person.organisation, ctx);
      if (person.staff) await this.ensureAffiliation({ accountId: account.id, ...person.staff }, ctx);
      const rows = await this.affiliations.listFor(this.orm.em.fork(), account.id);
      out.push({ email: account.email, password: DEMO_PASSWORD, displayName: account.displayName, roles: principalFor(account, rows).roles, description: person.description });
    }
    return out;
  }

  private async ensureMember(account: { id: string; email: string }, dto: CreateOrganisationDto, ctx: EmitContext): Promise<void> {
    const existing = await this.orm.em.fork().findOne(Organisation, { siren: dto.siren });
    if (!existing) {
      const who = principalFor({ ...account, isAdmin: false }, []);
      await this.organisations.register(dto, who, { ...ctx, actor: { userId: account.id, role: 'applicant' } });
      return;
    }
    await this.orm.em.fork().transactional(async (em) => {
      if (await em.count(Affiliation, { accountId: account.id, kind: 'organisation', targetId: existing.id })) return;
      await this.affiliations.add(em, { accountId: account.id, kind: 'organisation', targetId: existing.id, role: 'member' }, ctx);
    });
  }

  private async ensureAffiliation(a: { accountId: string; kind: AffiliationKind; targetId: string; role: AffiliationRole }, ctx: EmitContext): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      if (await em.count(Affiliation, a)) return;
      await this.affiliations.add(em, a, ctx);
    });
  }
}

/** Called from main.ts when SEED_DEMO=true, after `seedReference`. Prints nothing: the start script does. */
export function seedDemo(app: INestApplicationContext): Promise<DemoAccount[]> {
  return app.get(DemoSeeder).seed();
}
