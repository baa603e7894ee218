/**
 * `npm run lint:electron`: electronegativity (Doyensec's scanner for Electron misconfigurations) over the
 * Electron code (electron/), failing on any finding of MEDIUM severity or above that electronegativity.json
 * does not settle with a narrow exclusion (one check, one file, and why it does not apply). An exclusion
 * that matches nothing fails too, so the list cannot go stale. docs/security.md §1 lists what it checks.
 *
 * The scanner also tries to fetch Electron's release list; without internet it says so and carries on.
 * Run: npx tsx scripts/electron-security.ts [directory]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Finding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  description: string;
}

export interface Exclusion {
  check: string;
  /** The finding's file as electronegativity names it (relative to the scanned folder), or "N/A" for a global check. */
  file: string;
  reason: string;
}

const FAILING = new Set(['MEDIUM', 'HIGH', 'CRITICAL']);

export interface Judgement {
  failures: Finding[];
  excluded: { finding: Finding; reason: string }[];
  stale: Exclusion[];
}

/** Which findings fail the build, which an exclusion settles, and which exclusions match nothing. */
export function judge(findings: readonly Finding[], exclusions: readonly Exclusion[]): Judgement {
  const used = new Set<Exclusion>();
  const failures: Finding[] = [];
  const excluded: Judgement['excluded'] = [];
  for (const f of findings) {
    const ex = exclusions.find((e) => e.check === f.check && e.file === f.file);
    if (ex) {
      used.add(ex);
      excluded.push({ finding: f, reason: ex.reason });
    } else if (FAILING.has(f.severity.toUpperCase())) failures.push(f);
  }
  return { failures, excluded, stale: exclusions.filter((e) => !used.has(e)) };
}

export function loadExclusions(file = path.join(ROOT, 'electronegativity.json')): Exclusion[] {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { exclusions?: unknown };
  if (!Array.isArray(json.exclusions)) throw new Error(`${file}: "exclusions" must be a list`);
  return json.exclusions.map((e: Record<string, unknown>, i: number) => {
    if (typeof e.check !== 'string' || typeof e.file !== 'string' || typeof e.reason !== 'string' || e.reason.trim().length < 20) {
      throw new Error(`${file}: exclusion ${i} needs "check", "file" and a "reason" of at least 20 characters`);
    }
    return { check: e.check, file: e.file, reason: e.reason };
  });
}

/**
 * Runs the scanner over `dir` and returns its findings. Through its API in a child process, not its CLI: the
 * CLI writes its CSV header and rows with two unordered async writes, so a row can be lost.
 */
export function scan(dir: string): Finding[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
  const electron = (pkg.devDependencies?.electron ?? '').replace(/^[^\d]*/, '');
  const program = `
    const run = require('@doyensec/electronegativity');
    run({ input: ${JSON.stringify(path.resolve(dir))}, isRelative: true, isVerbose: false, parserPlugins: [], electronVersionOverride: ${JSON.stringify(electron || undefined)} }, false)
      .then((r) => {
        const issues = r.issues.map((i) => ({ check: i.id, severity: i.severity.name, confidence: i.confidence.name, file: i.file, location: (i.location ? i.location.line + ':' + i.location.column : ''), description: i.description }));
        process.stdout.write('\\n@@FINDINGS@@' + JSON.stringify({ errors: r.errors.length, issues }) + '\\n');
      })
      .catch((e) => { console.error(e && e.stack || e); process.exit(2); });`;
  const run = spawnSync(process.execPath, ['-e', program], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  const line = run.stdout.split('\n').find((l) => l.startsWith('@@FINDINGS@@'));
  if (run.status !== 0 || line === undefined) throw new Error(`electronegativity failed (${run.status}): ${run.stderr}`);
  const result = JSON.parse(line.slice('@@FINDINGS@@'.length)) as { errors: number; issues: Finding[] };
  if (result.errors > 0) throw new Error(`electronegativity could not parse ${result.errors} file(s) in ${dir}`);
  return result.issues;
}

function main(): void {
  const dir = path.resolve(process.argv[2] ?? path.join(ROOT, 'electron'));
  const verdict = judge(scan(dir), loadExclusions());
  for (const { finding, reason } of verdict.excluded) console.log(`settled  ${finding.check} ${finding.file}: ${reason}`);
  for (const f of verdict.failures) console.error(`FINDING  ${f.severity}/${f.confidence} ${f.check} ${f.file}:${f.location} ${f.description}`);
  for (const e of verdict.stale) console.error(`STALE    exclusion ${e.check} ${e.file} matches no finding: remove it from electronegativity.json`);
  if (verdict.failures.length > 0 || verdict.stale.length > 0) process.exit(1);
  console.log(`electronegativity: no finding of MEDIUM or above in ${path.relative(ROOT, dir) || '.'} (${verdict.excluded.length} settled by exclusion)`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
