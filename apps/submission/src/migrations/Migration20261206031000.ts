import { Migration } from '@mikro-orm/migrations';

/** Organisations' regions (every establishment's), from `organisation.*` events since the establishments. */
export class Migration20261206031000 extends Migration {

  override name = 'Migration20261206031000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "submission"."organisations" add column "regions" jsonb null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "submission"."organisations" drop column "regions";`);
  }

}
