/**
 * Route input parsing with zod: a failure is a 400 `invalid_argument` whose message names the first
 * offending field path (e.g. `password: Too small`). Values are never echoed back.
 */
import type * as z from 'zod/mini';
import { ApiError } from './errors';
import '../shared/zodEnglish';

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(body)' : path.map((p) => String(p)).join('.');
}

export function parseBody<S extends z.ZodMiniType>(schema: S, body: unknown, what = 'body'): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  const path = first ? fieldPath(first.path) : '(body)';
  throw new ApiError('invalid_argument', `${what} field ${path}: ${first?.message ?? 'invalid'}`.slice(0, 400));
}
