/**
 * Lays out what a render just committed in a task of its own, while the page waits for its next frame
 * (docs/architecture.md, "The register's search"). A keystroke's results are committed in the input event,
 * usually well before the next frame; the browser would only compute their style and layout once that frame
 * starts, on the way to painting them. Reading the element's layout in the gap does that work before the
 * frame, so the frame only paints. Should the frame come first, it lays them out itself and the read finds
 * nothing left to do.
 *
 * Returns a cancel (for an effect's cleanup: a newer render posts its own).
 */
export function layOutAhead(el: Pick<Element, 'getBoundingClientRect' | 'isConnected'>): () => void {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    // The read itself forces the style and layout the rows still need; its value is not wanted.
    if (el.isConnected) el.getBoundingClientRect();
  };
  channel.port2.postMessage(null);
  return () => channel.port1.close();
}
