#!/usr/bin/env node
/**
 * `npm audit --omit=dev --audit-level=high` as a CI step (docs/security.md "Dependencies"): fails when a
 * production dependency has a high or critical advisory. Where the registry's audit endpoint cannot be asked
 * (no network, or a registry that refuses it: this project's build machine answers 405), it says so and does
 * not fail: nothing was learned, and the step runs again wherever the endpoint answers.
 */
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** What `npm audit --json` printed, judged: fail (with why), pass, or not checked (with why). */
export function judgeAudit(stdout, stderr = '') {
  let report = null;
  try {
    report = JSON.parse(stdout);
  } catch {
    report = null;
  }
  const counts = report?.metadata?.vulnerabilities;
  if (counts === undefined) {
    const why = report?.message || report?.error?.summary || stderr.trim().split('\n').pop() || 'no report';
    return { verdict: 'unchecked', message: `npm audit: not checked here, the audit endpoint did not answer (${why})` };
  }
  const serious = Object.entries(report.vulnerabilities ?? {})
    .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
    .map(([name, v]) => `${name} (${v.severity})`);
  const total = (counts.high ?? 0) + (counts.critical ?? 0);
  if (total > 0) return { verdict: 'fail', message: `npm audit: ${total} high or critical advisories in production dependencies: ${serious.join(', ')}` };
  return { verdict: 'pass', message: `npm audit: no high or critical advisory in production dependencies (${counts.total ?? 0} lower)` };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const run = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { encoding: 'utf8', timeout: 120_000 });
  const { verdict, message } = judgeAudit(run.stdout ?? '', run.stderr ?? (run.error ? String(run.error) : ''));
  console.error(message);
  process.exit(verdict === 'fail' ? 1 : 0);
}
