import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as FirstScreen from './firstScreen';

// The module keeps one state per document: each test loads a fresh copy.
async function load(): Promise<typeof FirstScreen> {
  vi.resetModules();
  return import('./firstScreen');
}

describe('afterFirstScreen', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits for the first page to show its data, then runs once (the fallback does not run it again)', async () => {
    const { afterFirstScreen, firstScreenShown } = await load();
    const run = vi.fn();
    afterFirstScreen(run, 3000);
    vi.advanceTimersByTime(2999);
    expect(run).not.toHaveBeenCalled();
    firstScreenShown();
    expect(run).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    firstScreenShown();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('runs after the fallback on a page that never says so, and not again when it later does', async () => {
    const { afterFirstScreen, firstScreenShown } = await load();
    const run = vi.fn();
    afterFirstScreen(run, 3000);
    vi.advanceTimersByTime(3000);
    expect(run).toHaveBeenCalledTimes(1);
    firstScreenShown();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('runs at once when the first page has already shown its data', async () => {
    const { afterFirstScreen, firstScreenShown } = await load();
    firstScreenShown();
    const run = vi.fn();
    afterFirstScreen(run, 3000);
    expect(run).toHaveBeenCalledTimes(1);
  });
});
