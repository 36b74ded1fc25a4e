import { Migration } from '@mikro-orm/migrations';
import { deliveryConfirmationMigrationSql } from '@poleflow/messaging';

/** Delivery confirmation (outbox.confirmed_at) and durable timers (timers), ARCHITECTURE.md §7. */
export class Migration20261206030000 extends Migration {

  override name = 'Migration20261206030000';

  override up(): void | Promise<void> {
    for (const sql of deliveryConfirmationMigrationSql('funding')) this.addSql(sql);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "funding"."timers" cascade;`);
    this.addSql(`drop index if exists "funding"."outbox_unconfirmed_idx";`);
    this.addSql(`alter table "funding"."outbox" drop column if exists "confirmed_at";`);
  }

}
