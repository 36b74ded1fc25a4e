import { Migration } from '@mikro-orm/migrations';

/**
 * A refresh token knows the token it was issued for (`parent_id`): a used token presented again within the
 * reuse grace window may replace its still unused child (a response lost to a navigation), ARCHITECTURE.md §7.
 */
export class Migration20261206075500 extends Migration {

  override name = 'Migration20261206075500';

  override up(): void | Promise<void> {
    this.addSql(`alter table "directory"."refresh_tokens" add column "parent_id" uuid null;`);
    this.addSql(`create index "refresh_tokens_parent_id_index" on "directory"."refresh_tokens" ("parent_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "directory"."refresh_tokens_parent_id_index";`);
    this.addSql(`alter table "directory"."refresh_tokens" drop column if exists "parent_id";`);
  }

}
