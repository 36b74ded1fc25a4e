// MikroORM CLI for one service, on the compiled config (no TS loader needed; STACK.md pitfall 6).
// Usage: npm run mig -- <service> <mikro-orm command…>, e.g. `npm run mig -- tracker migration:create`.
import { execFileSync } from 'node:child_process';

const [service, ...args] = process.argv.slice(2);
if (!service || !args.length) {
  console.error('usage: npm run mig -- <directory|submission|labelling|funding|milestones|tracker|network> <mikro-orm command> [options]');
  process.exit(2);
}
execFileSync('node', ['infra/build.mjs', service], { stdio: 'inherit' });
execFileSync('mikro-orm', args, {
  stdio: 'inherit',
  env: { ...process.env, MIKRO_ORM_CLI_CONFIG: `dist/apps/${service}/src/mikro-orm.config.js`, MIKRO_ORM_CLI_PREFER_TS: '0' },
});
