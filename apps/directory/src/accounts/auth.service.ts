import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { claimsFromPrincipal } from '@poleflow/auth';
import { APP_CONFIG } from '@poleflow/config';
import { DomainError } from '@poleflow/domain';
import { AffiliationsService } from '../affiliations/affiliations.service.js';
import type { DirectoryConfig } from '../config.js';
import { Account } from './account.entity.js';
import type { LoginDto, TokenView } from './auth.dto.js';
import { verifyPassword } from './password.js';
import { principalFor } from './principal.js';

/** Signs access tokens: ES256 with directory's private key; every service verifies with the public key. */
@Injectable()
export class AuthService {
  constructor(
    private readonly orm: MikroORM,
    private readonly jwt: JwtService,
    private readonly affiliations: AffiliationsService,
    @Inject(APP_CONFIG) private readonly cfg: DirectoryConfig,
  ) {}

  /** Same answer for an unknown e-mail and a wrong password (no account enumeration). */
  async login(dto: LoginDto): Promise<TokenView> {
    const em = this.orm.em.fork();
    const account = await em.findOne(Account, { email: dto.email });
    if (!(await verifyPassword(account?.passwordHash, dto.password)) || !account) {
      throw new DomainError('INVALID_CREDENTIALS', 'the e-mail or the password is wrong', 401);
    }
    return this.issue(em, account);
  }

  /** A new token carrying the account's current affiliations (after joining an organisation, say). */
  async refresh(userId: string): Promise<TokenView> {
    const em = this.orm.em.fork();
    const account = await em.findOne(Account, userId);
    if (!account) throw new DomainError('INVALID_TOKEN', 'the account of this token no longer exists', 401);
    return this.issue(em, account);
  }

  private async issue(em: EntityManager, account: Account): Promise<TokenView> {
    const principal = principalFor(account, await this.affiliations.listFor(em, account.id));
    const accessToken = this.jwt.sign({ ...claimsFromPrincipal(principal) }, {
      privateKey: this.cfg.JWT_PRIVATE_KEY, algorithm: 'ES256', issuer: this.cfg.JWT_ISSUER, expiresIn: this.cfg.JWT_TTL_SECONDS,
    });
    return { accessToken, tokenType: 'Bearer', expiresIn: this.cfg.JWT_TTL_SECONDS };
  }
}
