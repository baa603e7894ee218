import { describe, expect, it } from 'vitest';
import { BRIDGE_EVENTS } from '../shared/bridge-channels';
import type { PowerMonitorLike } from './electron-api';
import { forwardLockRequests } from './lock';
import { FakeWebContents } from './testing/fakes';

class FakePowerMonitor implements PowerMonitorLike {
  readonly listeners = new Map<string, (() => void)[]>();
  on(event: 'suspend' | 'lock-screen', listener: () => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string): void {
    for (const l of this.listeners.get(event) ?? []) l();
  }
}

class SendingWebContents extends FakeWebContents {
  readonly sent: string[] = [];
  send(channel: string): void {
    this.sent.push(channel);
  }
}

describe('forwardLockRequests', () => {
  it('asks the page to lock at once on lock-screen and on suspend, with no argument', () => {
    const power = new FakePowerMonitor();
    const contents = new SendingWebContents();
    forwardLockRequests(power, () => contents);
    power.emit('lock-screen');
    expect(contents.sent).toEqual([BRIDGE_EVENTS.lockRequest]);
    power.emit('suspend');
    expect(contents.sent).toEqual([BRIDGE_EVENTS.lockRequest, BRIDGE_EVENTS.lockRequest]);
    power.emit('resume');
    expect(contents.sent).toHaveLength(2);
  });

  it('does nothing without a window', () => {
    const power = new FakePowerMonitor();
    forwardLockRequests(power, () => null);
    expect(() => power.emit('lock-screen')).not.toThrow();
  });
});
