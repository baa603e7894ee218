/**
 * Comments and test names cite the repository's own docs/ (architecture.md, domain.md, security.md,
 * sync-protocol.md), never the team's reference notes outside the repository, and name what code does rather
 * than which issue asked for it; test files are named after what they test. This scans every source file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIRS = ['shared', 'renderer', 'server', 'electron', 'test', 'scripts', 'eslint-rules', 'build'];
const SOURCE = /\.(ts|tsx|js|mjs|cjs|sql|css|sh|html)$/;
const SKIP = new Set(['node_modules', 'dist', 'release', 'coverage']);

// Built from parts so this file does not match itself.
const REFERENCE_NOTE = new RegExp(`\\b(${['SYNC', 'DOMAIN', 'SECURITY', 'DESIGN', 'STYLE'].join('|')})\\.md\\b|\\.\\./shared/[A-Z]+\\.md`);
const ISSUE_NUMBER = new RegExp(`\\b${'issue'}s?[ -]?#?\\d+`, 'i');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path));
    else if (SOURCE.test(entry.name)) out.push(path);
  }
  return out;
}

const FILES = DIRS.flatMap((d) => {
  try {
    return sources(join(ROOT, d));
  } catch {
    return [];
  }
});

function offending(re: RegExp): string[] {
  const out: string[] = [];
  for (const file of FILES) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (re.test(line)) out.push(`${relative(ROOT, file)}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
  }
  return out;
}

describe('citations in the code', () => {
  it('scans the source tree', () => {
    expect(FILES.length).toBeGreaterThan(100);
  });

  it('cites docs/, never the reference notes outside the repository', () => {
    expect(offending(REFERENCE_NOTE)).toEqual([]);
  });

  it('names no issue numbers', () => {
    expect(offending(ISSUE_NUMBER)).toEqual([]);
  });

  it('names no file after an issue', () => {
    expect(FILES.map((f) => relative(ROOT, f)).filter((f) => /issue/i.test(f.split('/').pop() ?? ''))).toEqual([]);
  });
});
