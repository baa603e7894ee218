/**
 * zod compiles fast object parsers with `new Function` unless told not to, and first probes whether it may.
 * The app's CSP forbids eval (docs/security.md §1), so the probe would only raise a CSP violation report on
 * every start: zod is told up front to parse without compiling. Imported first by every entry point (the
 * page and its workers), before any schema runs.
 */
import { config } from 'zod/v4/core';

config({ jitless: true });
