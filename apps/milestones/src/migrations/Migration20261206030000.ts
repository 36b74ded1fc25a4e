import { Migration } from '@mikro-orm/migrations';
import { deliveryConfirmationMigrationSql } from '@poleflow/messaging';

/** Delivery confirmation (outbox.confirmed_at) and durable timers (timers), ARCHITECTURE.md §7. */
export class Migration20261206030000 extends Migration {

  override name = 'Migration20261206030000';

  override up(): void | Promise<void> {
    for (const sql of deliveryConfirmationMigrationSql('milestones')) this.addSql(sql);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "milestones"."timers" cascade;`);
    this.addSql(`drop index if exists "milestones"."outbox_unconfirmed_idx";`);
    this.addSql(`alter table "milestones"."outbox" drop column if exists "confirmed_at";`);
  }

}
