import { Inject, Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { v7 as uuidv7 } from 'uuid';
import { ident } from '@poleflow/persistence';
import { TRACKER_SCHEMA } from '../mikro-orm.config.js';
import { EmailOutbox } from './email.outbox.js';
import { EMAIL_SETTINGS, type EmailSettings } from './email.settings.js';
import { renderDigest, type Language } from './email.templates.js';

/**
 * The daily digest (the `digest` job EMAIL_DIGEST_CRON schedules): per account, the `digest_pending` rows become
 * `digested` and one `pending` digest e-mail lists them, in one transaction; its key is `digest.<account>.<last
 * row id>`, so a digest run twice over the same rows writes one e-mail.
 */
@Injectable()
export class EmailDigest {
  private readonly s = ident(TRACKER_SCHEMA);

  constructor(private readonly orm: MikroORM, private readonly outbox: EmailOutbox, @Inject(EMAIL_SETTINGS) private readonly settings: EmailSettings) {}

  /** Returns the number of digests written. */
  async run(): Promise<number> {
    const accounts = await this.orm.em.fork().execute<{ account_id: string }[]>(
      `select distinct account_id from ${this.s}.emails where status = 'digest_pending'`);
    let written = 0;
    for (const { account_id: accountId } of accounts) {
      written += await this.orm.em.fork().transactional(async (em) => {
        const items = await em.execute<{ id: string; subject: string; link: string; to_address: string }[]>(
          `select id, subject, link, to_address from ${this.s}.emails where account_id = ? and status = 'digest_pending'
            order by created_at, id for update skip locked`, [accountId]);
        if (!items.length) return 0;
        const [who] = await em.execute<{ display_name: string; email: string | null; language: Language | null }[]>(
          `select a.display_name, a.email, p.language from ${this.s}.mail_accounts a
             left join ${this.s}.notification_preferences p on p.account_id = a.account_id where a.account_id = ?`, [accountId]);
        const lang = who?.language ?? 'fr';
        const m = renderDigest(items, lang, who?.display_name ?? '', this.settings.webBaseUrl);
        const id = uuidv7();
        const [row] = await em.execute<{ id: string }[]>(
          `insert into ${this.s}.emails (id, key, account_id, notification_id, kind, status, to_address, language, subject, text_body, html_body, link)
           values (?, ?, ?, null, 'digest', 'pending', ?, ?, ?, ?, ?, ?) on conflict (key) do nothing returning id`,
          [id, `digest.${accountId}.${items[items.length - 1].id}`, accountId, who?.email ?? items[0].to_address, lang, m.subject, m.text, m.html, m.link]);
        await em.execute(`update ${this.s}.emails set status = 'digested', digest_id = ? where id in (${items.map(() => '?').join(', ')})`,
          [row?.id ?? null, ...items.map((i) => i.id)]);
        if (row) this.outbox.track(em, [{ id: row.id, resends: 0 }]);
        return row ? 1 : 0;
      });
    }
    return written;
  }
}
