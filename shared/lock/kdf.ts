/**
 * How a PIN or password becomes a key-wrapping key (docs/security.md §3): PBKDF2-SHA-256, 600,000
 * iterations (OWASP's figure for PBKDF2-SHA-256). The count is stored with each wrap, so raising it later
 * re-wraps at the next unlock instead of breaking old wraps. The lock.unlock benchmark measures what it costs.
 */
export const PBKDF2_ITERATIONS = 600_000;
export const MIN_PBKDF2_ITERATIONS = 600_000;
