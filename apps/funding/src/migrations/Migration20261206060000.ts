import { Migration } from '@mikro-orm/migrations';

/** Draft calls (published_at null until an officer publishes) and calls closed early (closed_at). */
export class Migration20261206060000 extends Migration {

  override name = 'Migration20261206060000';

  override up(): void | Promise<void> {
    this.addSql(`alter table "funding"."calls" add column "published_at" timestamptz null, add column "closed_at" timestamptz null;`);
    // Every call made before drafts existed was published when it was created.
    this.addSql(`update "funding"."calls" set "published_at" = "created_at";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "funding"."calls" drop column if exists "published_at", drop column if exists "closed_at";`);
  }

}
