import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Architecture arrows are linted: apps -> libs only, libs/domain and libs/contracts import nothing of ours
// but each other in one direction (domain may not import contracts; contracts imports nothing).
const forbid = (patterns, message) => ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.run/**', 'bench-results/**'] },
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
  { files: ['libs/contracts/**/*.ts'], rules: { 'no-restricted-imports': forbid(['@poleflow/*', '@nestjs/*', '@mikro-orm/*'], 'libs/contracts imports nothing of ours') } },
  { files: ['libs/**/*.ts'], ignores: ['libs/testing/**'], rules: { 'no-restricted-imports': forbid(['../../apps/*', '../../../apps/*', '**/apps/**'], 'libs never import apps') } },
  // apps/all-in-one is no service but a composition root (like test/e2e/platform.ts): it starts the others' apps.
  { files: ['apps/*/src/**/*.ts'], ignores: ['apps/all-in-one/**'], rules: { 'no-restricted-imports': forbid(['../../*/src/*', '../../../*/src/*', '**/apps/**'], 'an app never imports another app: events or HTTP only') } },
  { files: ['infra/**/*.mjs', '*.js'], languageOptions: { globals: Object.fromEntries(['process', 'console', 'URL', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'fetch', 'performance', 'Buffer', 'AbortController'].map((g) => [g, 'readonly'])) } },
);
