import { Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { decodeCursor, pageOf, type Page } from '@poleflow/http';
import { ident } from '@poleflow/persistence';
import { DIRECTORY_SCHEMA } from '../mikro-orm.config.js';
import type { AuditAction, AuditEntryView, AuditQuery } from './audit.dto.js';

export interface AuditRecord {
  action: AuditAction;
  outcome: 'success' | 'failure' | 'refused';
  actorId?: string | null;
  target?: { kind: string; id: string } | null;
  ip?: string | null;
  /** Structured facts; never a password, a token or a hash (the keys below are refused). */
  details?: Record<string, string | number | boolean | null | string[]>;
  at?: Date;
}

/** Keys that could carry a secret: a programming mistake, so recording them throws. */
const SECRET_KEYS = /pass|token|secret|hash|cookie|authorization/i;

interface Row {
  id: string; at: Date; action: string; outcome: string; actor_id: string | null; target_kind: string | null; target_id: string | null;
  ip: string | null; details: Record<string, unknown>;
}

/**
 * The security audit trail (ARCHITECTURE.md §7, decision 26): failed sign-ins, throttling, refresh-token reuse,
 * role grants and removals, account disabling, admin redrives and republishes. Append-only rows in directory's
 * schema, written in the transaction of the action they describe (or in their own when the action is a refusal).
 */
@Injectable()
export class AuditService {
  private readonly table = `${ident(DIRECTORY_SCHEMA)}.audit_entries`;

  constructor(private readonly orm: MikroORM) {}

  async record(em: EntityManager, r: AuditRecord): Promise<void> {
    const details = r.details ?? {};
    const leaked = Object.keys(details).find((k) => SECRET_KEYS.test(k));
    if (leaked) throw new Error(`audit details may not carry "${leaked}"`);
    await em.execute(
      `insert into ${this.table} (id, at, action, outcome, actor_id, target_kind, target_id, ip, details) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [uuidv7(), r.at ?? new Date(), r.action, r.outcome, r.actorId ?? null, r.target?.kind ?? null, r.target?.id ?? null, r.ip ?? null, JSON.stringify(details)],
    );
  }

  /** Outside any transaction: for refusals, whose own transaction (if any) rolls back. */
  async recordNow(r: AuditRecord): Promise<void> {
    await this.record(this.orm.em.fork(), r);
  }

  async list(q: AuditQuery): Promise<Page<AuditEntryView>> {
    const limit = q.limit ?? 20;
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.action) { where.push('action = ?'); params.push(q.action); }
    if (q.actorId) { where.push('actor_id = ?'); params.push(q.actorId); }
    if (q.targetId) { where.push('target_id = ?'); params.push(q.targetId); }
    if (q.outcome) { where.push('outcome = ?'); params.push(q.outcome); }
    if (q.from) { where.push('at >= ?'); params.push(new Date(q.from)); }
    if (q.to) { where.push('at < ?'); params.push(new Date(q.to)); }
    const after = decodeCursor(q.cursor);
    if (after) { where.push('(at, id) < (?, ?)'); params.push(new Date(after.key), after.id); }
    const rows = await this.orm.em.fork().execute<Row[]>(
      `select * from ${this.table} ${where.length ? `where ${where.join(' and ')}` : ''} order by at desc, id desc limit ?`, [...params, limit + 1],
    );
    return pageOf(rows, limit, (r) => ({
      id: r.id, at: new Date(r.at).toISOString(), action: r.action as AuditAction, outcome: r.outcome as AuditEntryView['outcome'], actorId: r.actor_id,
      target: r.target_kind && r.target_id ? { kind: r.target_kind, id: r.target_id } : null, ip: r.ip, details: r.details,
    }), (r) => [new Date(r.at).toISOString(), r.id]);
  }
}
