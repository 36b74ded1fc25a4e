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
}
