/**
 * Message modules: each feature keeps its Thai and English strings together. Thai is the source; the
 * English table must have exactly the same keys (the type makes a missing key a compile error).
 */
export type Messages<K extends string> = { th: Record<K, string>; en: Record<K, string> };

export function defineMessages<const T extends Record<string, string>>(th: T, en: Record<keyof T & string, string>): Messages<keyof T & string> {
  return { th, en };
}
