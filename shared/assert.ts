/** Ends exhaustive switches: the compiler proves this is unreachable; at run time it reports the stray value. */
export function assertNever(x: never): never {
  throw new Error('unexpected: ' + String(x));
}
