import { Migration } from '@mikro-orm/migrations';
import { deliveryConfirmationMigrationSql } from '@poleflow/messaging';

/** Delivery confirmation (outbox.confirmed_at) and durable timers (timers), ARCHITECTURE.md §7. */
export class Migration20261206042000 extends Migration {

  override name = 'Migration20261206042000';

  override up(): void | Promise<void> {
    for (const sql of deliveryConfirmationMigrationSql('directory')) this.addSql(sql);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "directory"."timers" cascade;`);
    this.addSql(`drop index if exists "directory"."outbox_unconfirmed_idx";`);
    this.addSql(`alter table "directory"."outbox" drop column if exists "confirmed_at";`);
  }

}
