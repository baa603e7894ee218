import { describe, expect, it } from 'vitest';
import { layOutAhead } from './layoutAhead';

function fakeElement(connected = true) {
  const el = {
    reads: 0,
    isConnected: connected,
    getBoundingClientRect() {
      el.reads++;
      return {} as DOMRect;
    },
  };
  return el;
}

/** Lets the tasks already posted run (a MessageChannel message is a task, as a timer is). */
const tasksRun = () => new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));

describe('layOutAhead', () => {
  it('reads the layout once, in a later task, not during the render that asked', async () => {
    const el = fakeElement();
    layOutAhead(el);
    expect(el.reads).toBe(0);
    await tasksRun();
    expect(el.reads).toBe(1);
  });

  it('reads nothing once cancelled (a newer render took over) or once the element left the page', async () => {
    const cancelled = fakeElement();
    const cancel = layOutAhead(cancelled);
    cancel();
    const detached = fakeElement(false);
    layOutAhead(detached);
    await tasksRun();
    expect(cancelled.reads).toBe(0);
    expect(detached.reads).toBe(0);
  });
});
