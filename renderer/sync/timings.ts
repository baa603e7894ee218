/**
 * Phase timings of a sync run as User Timing measures named `sync.<phase>` (performance.measure), so a
 * benchmark or a developer's profiler can see where a first sync spends its time without changing what it
 * does. Measures only: nothing reads them to decide anything, and a runtime without the User Timing API
 * (or one that refuses a measure) simply records nothing.
 */
export function measure(phase: string, start: number, end: number = performance.now()): void {
  try {
    performance.measure(`sync.${phase}`, { start, end });
  } catch {
    // no User Timing here: timings are optional
  }
}
