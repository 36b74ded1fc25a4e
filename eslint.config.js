import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Architecture arrows are linted: apps -> libs only, libs/domain and libs/contracts import nothing of ours
// but each other in one direction (domain may not import contracts; contracts imports nothing).
const forbid = (patterns, message) => ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.run/**', 'bench-results/**', 'apps/web/dist/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name='only']", message: 'no focused tests' }],
    },
  },
  { files: ['libs/domain/**/*.ts'], rules: { 'no-restricted-imports': forbid(['@poleflow/*', '@nestjs/*', '@mikro-orm/*', 'bullmq', 'ioredis', 'pg'], 'libs/domain is pure: no framework, no I/O, no other lib') } },
  { files: ['libs/matching/**/*.ts'], ignores: ['libs/matching/**/*.int-spec.ts'], rules: { 'no-restricted-imports': forbid(['@poleflow/*', '@nestjs/*', '@mikro-orm/*', 'bullmq', 'ioredis', 'pg'], 'libs/matching is pure: SQL text and ranking, the service runs them') } },
  { files: ['libs/contracts/**/*.ts'], rules: { 'no-restricted-imports': forbid(['@poleflow/*', '@nestjs/*', '@mikro-orm/*'], 'libs/contracts imports nothing of ours') } },
  { files: ['libs/**/*.ts'], ignores: ['libs/testing/**'], rules: { 'no-restricted-imports': forbid(['../../apps/*', '../../../apps/*', '**/apps/**'], 'libs never import apps') } },
  // apps/all-in-one is no service but a composition root (like test/e2e/platform.ts): it starts the others' apps.
  { files: ['apps/*/src/**/*.ts'], ignores: ['apps/all-in-one/**'], rules: { 'no-restricted-imports': forbid(['../../*/src/*', '../../../*/src/*', '**/apps/**'], 'an app never imports another app: events or HTTP only') } },
  // the web application runs in the browser: its globals, and the rules of hooks
  { files: ['apps/web/**/*.{ts,tsx}'], languageOptions: { globals: globals.browser }, plugins: { 'react-hooks': reactHooks }, rules: reactHooks.configs.recommended.rules },
  { files: ['infra/**/*.mjs', '*.js'], languageOptions: { globals: Object.fromEntries(['process', 'console', 'URL', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'fetch', 'performance', 'Buffer', 'AbortController'].map((g) => [g, 'readonly'])) } },
);
