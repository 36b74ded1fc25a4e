import { Migration } from '@mikro-orm/migrations';

/** The officers' review queue reads a funder's milestones by due date. */
export class Migration20261206060000 extends Migration {

  override name = 'Migration20261206060000';

  override up(): void | Promise<void> {
    this.addSql(`create index if not exists "milestones_funder_id_due_at_index" on "milestones"."milestones" ("funder_id", "due_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index if exists "milestones"."milestones_funder_id_due_at_index";`);
  }

}
