/**
 * Message modules: each feature keeps its Thai strings in `messages/<feature>.ts` and their English in
 * `messages/en/<feature>.ts`. Thai is the source and the default, and ships in the first chunk; English is a
 * separate chunk loaded when it is chosen (catalog.ts). The English table must have exactly the keys of the
 * Thai one: `defineEnglish<typeof thai>` makes a missing or an extra key a compile error. That is also what
 * lets a build ship the English values without their keys (vite.config.ts `englishValuesOnly`).
 */
export type Messages<K extends string> = Record<K, string>;

/** A feature's Thai messages (the source of its keys). */
export function defineMessages<const T extends Record<string, string>>(th: T): T {
  return th;
}

/** A feature's English messages, with exactly the keys of its Thai module `T`. */
export function defineEnglish<T extends Record<string, string>>(en: Record<keyof T & string, string>): Messages<keyof T & string> {
  return en;
}
