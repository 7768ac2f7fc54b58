import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './scripts/lint/layers.mjs';

const root = dirname(fileURLToPath(import.meta.url));

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { griddesk: layersPlugin({ root, exists: existsSync }) },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // Every import, in every layer: which folders and which classes of npm package it may use
      // (scripts/lint/layers.mjs). One rule for all layers, so no block below can replace it.
      'griddesk/layers': 'error',
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // We do not run the React Compiler; this rule only reports what it would skip.
      'react-hooks/incompatible-library': 'off',
    },
  },
  {
    // The engine and the pure libraries take time, ids and randomness as inputs: replays and tests repeat exactly.
    files: ['src-main/engine/**/*.ts', 'src-main/market/**/*.ts', 'src-main/math/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Pure code takes time as an input.' },
        { object: 'Math', property: 'random', message: 'Pure code takes ids and randomness as inputs.' },
        { object: 'performance', property: 'now', message: 'Pure code takes time as an input.' },
      ],
      'no-restricted-globals': ['error', { name: 'process', message: 'Pure code does not read the process.' }, { name: 'setTimeout', message: 'Pure code has no timers.' }, { name: 'setInterval', message: 'Pure code has no timers.' }],
    },
  },
);
