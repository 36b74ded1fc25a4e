import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { EventSubscriber, TransactionEventArgs } from '@mikro-orm/core';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import type { Envelope } from '@poleflow/contracts';
import { ident } from '@poleflow/persistence';
import { TRACKER_SCHEMA } from '../mikro-orm.config.js';
import { EmailQueue, type EmailJobRef } from './email.queue.js';
import { EMAIL_SETTINGS, type EmailSettings } from './email.settings.js';
import { messageOf, renderOne, type Language } from './email.templates.js';

/** A notification row just written (its audience is a user, an organisation, a pole or a funder). */
export interface WrittenNotification { id: string; audience_kind: string; audience_id: string }

/** Security notices reach their owner even when e-mail is off, and never wait for the digest. */
export const SECURITY_EVENTS = new Set(['account.registration_attempted']);

interface Recipient { notification_id: string; account_id: string; email: string; display_name: string; mode: 'immediate' | 'daily' | 'off'; language: Language }

/**
 * The e-mails a notification causes, written in its transaction: one row per (notification, account) with the
 * unique key `<notificationId>.<accountId>` — an event delivered twice writes no second notification and no
 * second e-mail. The audience is expanded to accounts from the recipients read model (pole: its managers only;
 * never a disabled account).
 * `immediate` rows are `pending` and enqueued after commit (the sweeper catches what a crash loses); `daily` rows
 * wait for the digest; `off` writes none, except security notices.
 */
@Injectable()
export class EmailOutbox implements EventSubscriber, OnModuleInit {
  private readonly logger = new Logger(EmailOutbox.name);
  private readonly s = ident(TRACKER_SCHEMA);
  private readonly created = new WeakMap<object, EmailJobRef[]>();

  constructor(private readonly orm: MikroORM, private readonly queue: EmailQueue, @Inject(EMAIL_SETTINGS) private readonly settings: EmailSettings) {}

  onModuleInit(): void {
    this.orm.em.getEventManager().registerSubscriber(this);
  }

  async plan(em: EntityManager, e: Envelope, notifications: readonly WrittenNotification[]): Promise<void> {
    const texts = messageOf(e);
    if (!texts || !notifications.length) return;
    const security = SECURITY_EVENTS.has(e.type);
    const recipients = await em.execute<Recipient[]>(
      `with aud (notification_id, kind, target) as (values ${notifications.map(() => '(?::uuid, ?::text, ?::uuid)').join(', ')})
       select distinct aud.notification_id, a.account_id, a.email, a.display_name,
              coalesce(p.email, 'immediate') as mode, coalesce(p.language, 'fr') as language
         from aud
         join lateral (
           select aud.target as account_id where aud.kind = 'user'
           union
           select m.account_id from ${this.s}.mail_memberships m
            where aud.kind <> 'user' and m.kind = aud.kind and m.target_id = aud.target and (aud.kind <> 'pole' or m.role = 'pole_manager')
         ) r on true
         join ${this.s}.mail_accounts a on a.account_id = r.account_id
          and not exists (select 1 from ${this.s}.mail_disabled_accounts d where d.account_id = a.account_id)
         left join ${this.s}.notification_preferences p on p.account_id = a.account_id`,
      notifications.flatMap((n) => [n.id, n.audience_kind, n.audience_id]),
    );
    const kindOf = new Map(notifications.map((n) => [n.id, n.audience_kind]));
    const rows = recipients.filter((r) => security || r.mode !== 'off').map((r) => {
      const m = renderOne(texts, r.language, r.display_name, this.settings.webBaseUrl, kindOf.get(r.notification_id));
      const status = !security && r.mode === 'daily' ? 'digest_pending' : 'pending';
      return [uuidv7(), `${r.notification_id}.${r.account_id}`, r.account_id, r.notification_id, security ? 'security' : 'notification', status, r.email, r.language, m.subject, m.text, m.html, m.link];
    });
    if (!rows.length) return;
    const inserted = await em.execute<{ id: string; status: string }[]>(
      `insert into ${this.s}.emails (id, key, account_id, notification_id, kind, status, to_address, language, subject, text_body, html_body, link)
       values ${rows.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
       on conflict (key) do nothing returning id, status`,
      rows.flat(),
    );
    this.track(em, inserted.filter((r) => r.status === 'pending').map((r) => ({ id: r.id, resends: 0 })));
  }

  /** E-mails to enqueue once the caller's transaction commits. */
  track(em: EntityManager, ids: EmailJobRef[]): void {
    if (ids.length) this.created.set(em, [...(this.created.get(em) ?? []), ...ids]);
  }

  afterTransactionCommit({ em, transaction }: TransactionEventArgs): void {
    if (transaction?.savepointName) return;
    const ids = this.created.get(em);
    if (!ids) return;
    this.created.delete(em);
    this.queue.enqueue(ids).catch((err: Error) => this.logger.warn({ err: err.message, emails: ids.length }, 'e-mails not enqueued after commit; the sweeper will'));
  }

  afterTransactionRollback({ em, transaction }: TransactionEventArgs): void {
    if (!transaction?.savepointName) this.created.delete(em);
  }
}
