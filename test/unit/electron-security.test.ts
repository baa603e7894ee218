// The Electron security scan in CI (scripts/electron-security.ts): electronegativity's findings of MEDIUM or
// above fail the build unless electronegativity.json settles them, one check in one file at a time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { judge, loadExclusions, scan, type Finding } from '../../scripts/electron-security';

const finding = (check: string, severity: string, file = 'main.ts'): Finding => ({ check, severity, confidence: 'CERTAIN', file, location: '1:1', description: '' });

describe('electron security gate', () => {
  it('fails on MEDIUM and above unless one exclusion names that check in that file; reports exclusions that match nothing', () => {
    const reason = 'a reason long enough to explain why';
    const v = judge(
      [finding('A', 'MEDIUM'), finding('B', 'HIGH', 'other.ts'), finding('B', 'HIGH', 'window.ts'), finding('C', 'LOW'), finding('D', 'INFORMATIONAL')],
      [{ check: 'B', file: 'other.ts', reason }, { check: 'Z', file: 'gone.ts', reason }],
    );
    expect(v.failures.map((f) => `${f.check} ${f.file}`)).toEqual(['A main.ts', 'B window.ts']);
    expect(v.excluded.map((e) => e.finding.file)).toEqual(['other.ts']);
    expect(v.stale.map((e) => e.check)).toEqual(['Z']);
  });

  it('the scanner finds a window without context isolation or sandbox, so the gate can fail', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'eneg-bad-'));
    try {
      writeFileSync(path.join(dir, 'main.js'), "const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });\n");
      const v = judge(scan(dir), []);
      expect(v.failures.map((f) => f.check)).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK']));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the app’s Electron code has no unsettled finding, and every exclusion is still needed', () => {
    const v = judge(scan(path.resolve('electron')), loadExclusions());
    expect(v.failures).toEqual([]);
    expect(v.stale).toEqual([]);
  });
});
