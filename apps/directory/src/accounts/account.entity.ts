import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** A person who signs in. Credentials never leave this service: other services only see signed tokens. */
@Entity({ tableName: 'accounts' })
export class Account {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  /** Lower-cased and trimmed on the way in, so uniqueness is case-insensitive. */
  @Property({ type: 'text', unique: true }) email!: string;
  /** argon2id PHC string (algorithm, parameters, salt and hash in one). */
  @Property({ type: 'text', hidden: true }) passwordHash!: string;
  @Property({ type: 'text' }) displayName!: string;
  @Property({ type: 'boolean', default: false }) isAdmin!: boolean;
  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' }) createdAt!: Date;
  /** An admin disables an account: no sign-in, every session revoked, every service refuses its tokens. */
  @Property({ type: 'text', default: 'active' }) status: 'active' | 'disabled' = 'active';
  /** Grows with every change of status, admin flag or affiliation (`account.standing_changed`); 0: never published. */
  @Property({ type: 'integer', default: 0 }) standingVersion = 0;
  /**
   * Access tokens whose `ver` claim is lower are refused (sign-out everywhere, password change, disabling): a
   * version, not an instant, because `iat` has one-second resolution and a revocation must not spare a token
   * minted in the same second, nor refuse the new session answered right after it.
   */
  @Property({ type: 'integer', default: 0 }) minTokenVersion = 0;
}
