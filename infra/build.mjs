// Builds every app with the Nest CLI (tsc builder; it rewrites the @poleflow/* path aliases to relative ESM
// imports). All apps share dist/, so dist is cleared once here and never by nest (deleteOutDir: false).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

// The web application (apps/web, Vite) builds into apps/web/dist, which the gateway serves at `/`.
export const APPS = ['gateway', 'directory', 'submission', 'labelling', 'funding', 'milestones', 'tracker', 'web'];

const only = process.argv.slice(2);
if (!only.length) rmSync('dist', { recursive: true, force: true });
for (const app of only.length ? only : APPS) {
  const t = Date.now();
  if (app === 'web') execFileSync('vite', ['build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  else execFileSync('nest', ['build', app], { stdio: 'inherit' });
  console.log(`built ${app} in ${Date.now() - t} ms`);
}
