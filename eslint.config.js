// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import importBoundaries from './eslint-rules/import-boundaries.js';

/** zod's classic API: schemas with every method, and a second flavour that must not mix with zod/mini's. */
const classicZod = { name: 'zod', message: "Import zod/mini (`import * as z from 'zod/mini'`), not classic zod." };

const noFocusedOrSkippedTests = {
  selector:
    "CallExpression[callee.type='MemberExpression'][callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(only|skip|todo)$/]",
  message: 'No focused, skipped or todo tests: every test runs.',
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'build/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': ['error', { 'ts-expect-error': 'allow-with-description', 'ts-ignore': true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', noFocusedOrSkippedTests],
    },
  },
  {
    // One zod everywhere: zod/mini, whose functions the bundler can leave out (docs/architecture.md "What loads first").
    files: ['**/*.{ts,tsx,js,mjs}'],
    rules: { 'no-restricted-imports': ['error', { paths: [classicZod] }] },
  },
  {
    // test/ is imported only by tests; renderer/db never imports renderer/sync; features meet through index.ts.
    files: ['**/*.{ts,tsx,js,mjs}'],
    plugins: { carerounds: { rules: { 'import-boundaries': importBoundaries } } },
    rules: { 'carerounds/import-boundaries': 'error' },
  },
  {
    // shared/ is pure TypeScript: renderer, electron and server all import it, so a rule exists once.
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [classicZod],
          patterns: [
            { group: ['electron', 'electron/*'], message: 'shared/ must not import electron.' },
            { group: ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'url'], message: 'shared/ must not import Node built-ins.' },
            { group: ['dexie', 'dexie-*'], message: 'shared/ must not import dexie.' },
            { group: ['react', 'react-*', 'react/*'], message: 'shared/ must not import React.' },
            { group: ['../renderer/*', '../electron/*', '../server/*', '../../renderer/*', '../../electron/*', '../../server/*'], message: 'shared/ depends on nothing else.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'indexedDB', 'process', 'Buffer', 'require'],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [classicZod],
          patterns: [
            { group: ['electron', 'node:*'], message: 'The renderer talks to its host only through renderer/host.' },
            // The XLSX writer runs in Node (Electron main, the server): the renderer sends a workbook spec.
            { group: ['exceljs', '**/shared/reports/xlsx'], message: 'The renderer never bundles exceljs: send a WorkbookSpec to the host (shared/reports/workbook.ts).' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        noFocusedOrSkippedTests,
        {
          selector: "ImportExpression[source.value='exceljs'], ImportExpression[source.value=/shared\\/reports\\/xlsx/]",
          message: 'The renderer never bundles exceljs, not even lazily: send a WorkbookSpec to the host (shared/reports/workbook.ts).',
        },
        {
          // Every user-facing string goes through the translation table (docs/architecture.md "Conventions" 9).
          selector: 'JSXText[value=/[A-Za-z\\u0E00-\\u0E7F]/]',
          message: 'Untranslated JSX text: use t(...) from renderer/i18n.',
        },
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'dangerouslySetInnerHTML is banned (docs/security.md §1).',
        },
        {
          selector: "JSXAttribute[name.name=/^(placeholder|title|aria-label|alt)$/][value.type='Literal'][value.value=/[A-Za-z\\u0E00-\\u0E7F]/]",
          message: 'Untranslated attribute text: use t(...) from renderer/i18n.',
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        noFocusedOrSkippedTests,
        {
          selector: "NewExpression[callee.name='BrowserWindow']",
          message: 'Windows are created only by createMainWindow in electron/window.ts.',
        },
        {
          selector: "NewExpression[callee.property.name='BrowserWindow']",
          message: 'Windows are created only by createMainWindow in electron/window.ts.',
        },
      ],
    },
  },
  {
    files: ['electron/window.ts', 'electron/window.test.ts'],
    rules: { 'no-restricted-syntax': ['error', noFocusedOrSkippedTests] },
  },
  {
    files: ['scripts/**/*.{js,mjs}', 'eslint-rules/**/*.js', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
