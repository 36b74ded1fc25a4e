import { Migration } from '@mikro-orm/migrations';

export class Migration20261127092929 extends Migration {

  override name = 'Migration20261127092929';

  override up(): void | Promise<void> {
    this.addSql(`alter table "tracker"."feed_entries" add "xid" xid8 not null default pg_current_xact_id();`);
    this.addSql(`create index "feed_entries_xid_position_index" on "tracker"."feed_entries" ("xid", "position");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "tracker"."feed_entries_xid_position_index";`);
    this.addSql(`alter table "tracker"."feed_entries" drop column "xid";`);
  }

}
