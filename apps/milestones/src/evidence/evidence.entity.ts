import { ArrayType } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * A file the consortium attaches to a milestone as evidence. Stored in PostgreSQL (bytea, size-limited), so a
 * file and its metadata commit together and are backed up with the rest; the SHA-256 lets anyone check it.
 */
@Entity({ tableName: 'evidence' })
@Index({ properties: ['milestoneId', 'uploadedAt'] })
export class Evidence {
  @PrimaryKey({ type: 'uuid' }) id!: string;
  @Property({ type: 'uuid' }) milestoneId!: string;
  @Property({ type: 'uuid' }) projectId!: string;
  @Property({ type: 'uuid' }) funderId!: string;
  @Property({ type: ArrayType, columnType: 'uuid[]' }) organisationIds!: string[];
  @Property({ type: 'text' }) filename!: string;
  @Property({ type: 'text' }) contentType!: string;
  @Property({ type: 'integer' }) sizeBytes!: number;
  @Property({ type: 'text' }) sha256!: string;
  @Property({ type: 'blob', columnType: 'bytea', lazy: true }) content!: Buffer;
  @Property({ type: 'uuid' }) uploadedBy!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) uploadedAt!: Date;
}

export const EVIDENCE_ENTITIES = [Evidence];
