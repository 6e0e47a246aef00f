import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Keeps packages/core runnable in the server, the CLI and a browser worker. */
const corePurity = {
  files: ['packages/core/src/**/*.ts'],
  ignores: ['packages/core/src/**/*.test.ts', 'packages/core/src/**/__tests__/**'],
  languageOptions: { globals: { ...globals.es2021 } },
  rules: {
    'no-restricted-imports': ['error', {
      paths: ['fs', 'path', 'os', 'crypto', 'zlib', 'child_process', 'worker_threads', 'http', 'https', 'url', 'util', 'stream', 'buffer', 'events', 'perf_hooks']
        .map((name) => ({ name, message: 'packages/core must stay free of Node built-ins (it runs in browser workers too).' })),
      patterns: [
        { group: ['node:*'], message: 'packages/core must stay free of Node built-ins (it runs in browser workers too).' },
        { group: ['@skippy/io', '@skippy/io/*', '@skippy/server', '@skippy/web', '@skippy/cli', '@skippy/ui'], message: 'packages/core may not import from packages above it.' },
      ],
    }],
    'no-restricted-globals': ['error',
      { name: 'process', message: 'core must not read the environment; pass options in.' },
      { name: 'window', message: 'core must not touch the DOM.' },
      { name: 'document', message: 'core must not touch the DOM.' },
      { name: 'performance', message: 'core must not read the clock; time is a parameter.' },
      { name: 'setTimeout', message: 'core must not schedule work; the caller does.' },
      { name: 'setInterval', message: 'core must not schedule work; the caller does.' },
      { name: 'Buffer', message: 'use Uint8Array in core.' },
    ],
    'no-restricted-properties': ['error',
      { object: 'Math', property: 'random', message: 'Use the seeded Rng from core/util (randomness is a parameter).' },
      { object: 'Date', property: 'now', message: 'core must not read the clock; time is a parameter.' },
    ],
    'no-restricted-syntax': ['error',
      { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'core must not read the clock; time is a parameter.' },
    ],
  },
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.skippy/**', 'e2e/artifacts/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  corePurity,
);
