import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the dashboards at scale (`npm run bench`, reads at scale: 100,000 projects; ARCHITECTURE.md §7):
 * projects by targeted pole (jsonb containment) and by coordinator (first organisation), cases by pole, and the
 * feed's events by the pole or funder in their payload (partial: only the events that carry one).
 */
export class Migration20261206040000 extends Migration {

  override name = 'Migration20261206040000';

  override up(): void | Promise<void> {
    this.addSql(`create index if not exists "projects_pole_ids_gin" on "tracker"."projects" using gin ("pole_ids" jsonb_path_ops);`);
    this.addSql(`create index if not exists "projects_coordinator_index" on "tracker"."projects" (("organisation_ids"->>0));`);
    this.addSql(`create index if not exists "labelling_cases_pole_id_index" on "tracker"."labelling_cases" ("pole_id");`);
    this.addSql(`create index if not exists "feed_entries_pole_type_index" on "tracker"."feed_entries" (("envelope"->'payload'->>'poleId'), "type") where ("envelope"->'payload'->>'poleId') is not null;`);
    this.addSql(`create index if not exists "feed_entries_funder_type_index" on "tracker"."feed_entries" (("envelope"->'payload'->>'funderId'), "type") where ("envelope"->'payload'->>'funderId') is not null;`);
  }

  override down(): void | Promise<void> {
    for (const name of ['projects_pole_ids_gin', 'projects_coordinator_index', 'labelling_cases_pole_id_index', 'feed_entries_pole_type_index', 'feed_entries_funder_type_index']) {
      this.addSql(`drop index if exists "tracker"."${name}";`);
    }
  }

}
