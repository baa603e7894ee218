/**
 * Whether a frame has been painted since `value` was first defined (a requestAnimationFrame callback runs
 * before that frame's paint; a task queued from it runs after). Pages use it to start a big read only once
 * their first part is on screen: the big result, when it arrives, holds the main thread for long enough to
 * push that paint back. Stays true once true.
 */
import { useEffect, useState } from 'react';

export function useAfterPaint(value: unknown): boolean {
  const [painted, setPainted] = useState(false);
  const ready = value !== undefined;
  useEffect(() => {
    if (!ready || painted) return;
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setPainted(true));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [ready, painted]);
  return painted;
}
