import { Migration } from '@mikro-orm/migrations';

/** E-mail: the accounts directory disabled (`account.standing_changed`, kept by version) get no e-mail. */
export class Migration20261206050100 extends Migration {

  override name = 'Migration20261206050100';

  override up(): void | Promise<void> {
    this.addSql(`create table if not exists "tracker"."mail_disabled_accounts" ("account_id" uuid not null, "version" int not null, primary key ("account_id"));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "tracker"."mail_disabled_accounts" cascade;`);
  }
}
