import { Migration } from '@mikro-orm/migrations';

/** E-mail: how many times an admin resent a failed e-mail (each resend is a new job id `<id>.r<n>`). */
export class Migration20261206050200 extends Migration {

  override name = 'Migration20261206050200';

  override up(): void | Promise<void> {
    this.addSql(`alter table "tracker"."emails" add column if not exists "resends" int not null default 0;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "tracker"."emails" drop column if exists "resends";`);
  }
}
