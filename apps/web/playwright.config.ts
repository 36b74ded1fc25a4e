import { defineConfig } from '@playwright/test';

/**
 * Browser journeys in Debian's Chromium (no browser download here) against a running platform: BASE_URL is the
 * gateway (infra/test-web.mjs starts one on a fresh database and sets it). Screenshots go to e2e/artifacts.
 */
export default defineConfig({
  testDir: './e2e',
  // one chain (e2e/chain.ts): each step starts from what the previous one made, and is skipped when it failed
  projects: [
    { name: 'company', testMatch: /01-.*\.spec\.ts/ },
    { name: 'pole', testMatch: /02-.*\.spec\.ts/, dependencies: ['company'] },
    { name: 'funder', testMatch: /03-.*\.spec\.ts/, dependencies: ['pole'] },
    { name: 'public', testMatch: /04-.*\.spec\.ts/, dependencies: ['funder'] },
    { name: 'admin', testMatch: /05-.*\.spec\.ts/, dependencies: ['public'] },
    // network (issue 15): journeys of their own, on the demo accounts, outside the chain
    { name: 'membership', testMatch: /10-.*\.spec\.ts/ },
    { name: 'support', testMatch: /11-.*\.spec\.ts/ },
    { name: 'matchmaking', testMatch: /12-.*\.spec\.ts/ },
  ],
  outputDir: '../../test-results/web',
  workers: 1,
  timeout: Number(process.env.PW_TIMEOUT_MS ?? 180_000),
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: {
    baseURL: process.env.BASE_URL ?? 'http://127.0.0.1:3000',
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    viewport: { width: 1280, height: 900 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
