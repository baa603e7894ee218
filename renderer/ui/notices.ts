/**
 * "Saved" notices that outlive a navigation: a form saves, changes the route, and the page it lands on says
 * what happened ("visit saved", "plan submitted"). The notice travels in memory (never in the URL, so a
 * reload or a shared link does not repeat it), keyed by channel and record id, and is shown once.
 *
 * The page reads it when it mounts (useCarriedNotice) and clears it after its first render, so React's
 * development double-mount still sees it and a later visit to the same record does not.
 */
import { useEffect, useState } from 'react';

const carried = new Map<string, string>();

export interface NoticeChannel<K extends string> {
  /** Leave `kind` for the page of record `id` (replaces an earlier one). */
  carry(id: string, kind: K): void;
  peek(id: string): K | null;
  clear(id: string): void;
}

/** A typed channel: one per kind of page (visits, care plans), so their ids and kinds never mix. */
export function noticeChannel<K extends string>(name: string, kinds: readonly K[]): NoticeChannel<K> {
  const key = (id: string) => `${name}:${id}`;
  return {
    carry: (id, kind) => void carried.set(key(id), kind),
    peek(id) {
      const v = carried.get(key(id));
      return v !== undefined && (kinds as readonly string[]).includes(v) ? (v as K) : null;
    },
    clear: (id) => void carried.delete(key(id)),
  };
}

/**
 * The notice carried to record `id` (null when none, or no id yet), as state the page can also set itself
 * after an action that does not navigate.
 */
export function useCarriedNotice<K extends string>(channel: NoticeChannel<K>, id: string | null): [K | null, (kind: K | null) => void] {
  const [notice, setNotice] = useState<K | null>(() => (id === null ? null : channel.peek(id)));
  useEffect(() => {
    if (id !== null) channel.clear(id);
  }, [channel, id]);
  return [notice, setNotice];
}
