/**
 * The import boundaries hold because `npm run lint` fails when one is crossed: each case lints a small
 * in-memory file placed at a real path with the project's own ESLint configuration (the same one
 * `eslint .` uses), once with a wrong import and once with the right one.
 */
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const RULE = 'carerounds/import-boundaries';

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

async function lint(filePath: string, code: string): Promise<{ rules: (string | null)[]; messages: string[] }> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${filePath}` });
  if (!result) throw new Error('no lint result');
  return { rules: result.messages.map((m) => m.ruleId), messages: result.messages.map((m) => m.message) };
}

interface Case {
  boundary: string;
  file: string;
  wrong: string;
  right: string;
}

const CASES: Case[] = [
  {
    boundary: 'production code never imports test/',
    file: 'server/boundaryProbe.ts',
    wrong: "export { buildThing } from '../test/support/things';\n",
    right: "export { generateDemoData } from '../shared/demo/generate';\n",
  },
  {
    boundary: 'a renderer module never imports test/, not even lazily',
    file: 'renderer/features/residents/register/boundaryProbe.ts',
    wrong: "export async function load(): Promise<unknown> {\n  return import('../../../../test/support/things');\n}\n",
    right: "export async function load(): Promise<unknown> {\n  return import('../../../../shared/demo/generate');\n}\n",
  },
  {
    boundary: 'renderer/db never imports renderer/sync',
    file: 'renderer/db/boundaryProbe.ts',
    wrong: "export type { ConflictRecord } from '../sync/types';\n",
    right: "export type { ConflictRecord } from './syncRows';\n",
  },
  {
    boundary: 'a feature uses another feature only through its index.ts',
    file: 'renderer/features/visits/boundaryProbe.ts',
    wrong: "export { useSync } from '../sync/SyncProvider';\n",
    right: "export { useSync } from '../sync';\n",
  },
  {
    boundary: 'a nested feature file uses another feature only through its index.ts',
    file: 'renderer/features/residents/profile/boundaryProbe.ts',
    wrong: "export { AdlHistory } from '../../assessments/AdlHistory';\n",
    right: "export { AdlHistory } from '../../assessments';\n",
  },
];

describe('import boundaries (lint)', () => {
  for (const c of CASES) {
    it(`fails on a wrong import and passes on the right one: ${c.boundary}`, async () => {
      const wrong = await lint(c.file, c.wrong);
      expect(wrong.rules).toEqual([RULE]);
      const right = await lint(c.file, c.right);
      expect(right.messages).toEqual([]);
    });
  }

  it('lets a feature import its own files, and tests (under test/ or beside the code) import test/', async () => {
    expect((await lint('renderer/features/residents/profile/boundaryProbe.ts', "export { DemoDataOffer } from '../register/DemoDataOffer';\n")).messages).toEqual([]);
    expect((await lint('test/e2e/boundaryProbe.ts', "export { openApp } from './support/app';\nexport { generateDemoData } from '../shared/demo/generate';\n")).messages).toEqual([]);
    expect((await lint('shared/boundaryProbe.test.ts', "export { testUuid } from '../test/fixtures/careHistory';\n")).messages).toEqual([]);
    expect((await lint('renderer/sync/boundaryProbe.ts', "export type { ConflictRecord } from '../db/syncRows';\n")).messages).toEqual([]);
  });
  it('keeps exceljs out of the renderer: it sends a workbook spec, Node writes the file', async () => {
    const file = 'renderer/features/reports/boundaryProbe.ts';
    expect((await lint(file, "export { writeXlsx } from '../../../shared/reports/xlsx';\n")).rules).toEqual(['no-restricted-imports']);
    expect((await lint(file, "export async function load(): Promise<unknown> {\n  return import('exceljs');\n}\n")).rules).toEqual(['no-restricted-syntax']);
    expect((await lint(file, "export { reportWorkbook } from '../../../shared/reports/workbook';\n")).messages).toEqual([]);
  });
});
