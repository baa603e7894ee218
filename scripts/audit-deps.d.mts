// Types for scripts/audit-deps.mjs, so the unit tests can import it.
export function judgeAudit(stdout: string, stderr?: string): { verdict: 'pass' | 'fail' | 'unchecked'; message: string };
