/**
 * A refinement by a type guard, typed as narrowing the output. zod/mini's `schema.check(z.refine(guard))` keeps
 * the output type of `schema`; this gives the same schema (the same check, the same issue) with the output the
 * guard proves, as classic zod's `.refine(guard)` was typed.
 */
import * as z from 'zod/mini';

export function refineTo<S extends z.ZodMiniType, R extends z.output<S>>(
  schema: S,
  guard: (v: z.output<S>) => v is R,
  params?: string | z.core.$ZodCustomParams,
): z.ZodMiniType<R, z.input<S>> {
  return schema.check(z.refine(guard, params)) as unknown as z.ZodMiniType<R, z.input<S>>;
}
