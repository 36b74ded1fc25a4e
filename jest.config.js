// One jest run, three projects (tiers). Suites run in parallel workers; every integration and e2e
// suite creates its own PostgreSQL database and BullMQ prefix (libs/testing), so they never collide.
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2023',
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
}];

const libs = ['contracts', 'domain', 'messaging', 'persistence', 'http', 'auth', 'config', 'observability', 'testing', 'platform', 'matching'];
const moduleNameMapper = Object.fromEntries([
  ...libs.map((l) => [`^@poleflow/${l}$`, `<rootDir>/libs/${l}/src/index.ts`]),
  ['^(\\.{1,2}/.*)\\.js$', '$1'],
]);

const base = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper,
  transform: { '^.+\\.ts$': swc },
  // the web application's browser journeys are Playwright's (npm run test:web), not jest's
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/web/e2e/'],
};

export default {
  maxWorkers: process.env.JEST_WORKERS ?? 2,
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', roots: ['<rootDir>/libs', '<rootDir>/apps'], testRegex: '.*\\.spec\\.ts$' },
    { ...base, displayName: 'integration', roots: ['<rootDir>/libs', '<rootDir>/apps'], testRegex: '.*\\.int-spec\\.ts$' },
    { ...base, displayName: 'e2e', roots: ['<rootDir>/test'], testRegex: '.*\\.e2e-spec\\.ts$' },
  ],
};
