/**
 * Parts of the app loaded on demand (a dynamic import, its own chunk), so what loads before the register
 * paints stays small. Every part shows a Thai/English "opening" state while its chunk loads and an error
 * state with a retry when the chunk cannot be fetched (e.g. offline before it was ever loaded).
 *
 * Invariants:
 * - `lazyPart(load)` calls `load` at most once per success: a loaded module is cached by the browser's
 *   module map, so later renders and `preload()` never fetch again.
 * - A part renders only once the Thai messages of on-demand pages are loaded too (loadPageMessages).
 * - A part whose chunk and messages are already loaded renders at once, without a loading state in between
 *   (it does not go through React.lazy, which would suspend for one render even then).
 * - A failed load is forgotten (not cached as a rejection, unlike plain React.lazy), so the retry button and a
 *   later preload fetch it again.
 * - `preloadParts()` loads every part in idle time once the first screen is up, so the app keeps working
 *   offline after its first load (an import() of an already-fetched module needs no network). A part made
 *   with `first: true` (the profile) starts loading at once instead, without waiting for idle time.
 */
import { Component, createElement, lazy, Suspense, useState, type ComponentType, type ErrorInfo, type ReactNode } from 'react';
import { loadPageMessages } from '../i18n/catalog';
import { useI18n } from '../i18n/I18nProvider';

export interface LazyPart<P extends object> {
  /** Renders the part, with the loading and error states around it. */
  Component: ComponentType<P>;
  /** Fetches and evaluates the chunk (no render). Resolves either way (true when loaded); a failure is retried on next use. */
  preload(): Promise<boolean>;
}

/** What preloadParts loads: every part, and other on-demand chunks registered with preloadWhenIdle. */
const preloads: (() => Promise<boolean>)[] = [];
/** Parts preloadParts starts at once, before the idle-time queue (see the header). */
const firstPreloads: (() => Promise<boolean>)[] = [];

/** A part's chunk could not be fetched or evaluated (the only error the part's boundary handles). */
export class ChunkLoadError extends Error {
  override readonly name = 'ChunkLoadError';
}

export interface LazyPartOptions {
  /** Shown inside a page (a muted line) rather than as a page of its own. */
  inline?: boolean;
  /** preloadParts starts loading this part at once, not in idle time (see the header). */
  first?: boolean;
}

export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>, opts: LazyPartOptions = {}): LazyPart<P> {
  const inline = opts.inline ?? false;
  let pending: Promise<ComponentType<P>> | null = null;
  /** The part once its code and messages are loaded: rendered directly from then on. */
  let loaded: ComponentType<P> | null = null;
  const fetchOnce = (): Promise<ComponentType<P>> => {
    // The part's code and the Thai messages of on-demand pages (i18n/catalog.ts) arrive together.
    pending ??= Promise.all([load(), loadPageMessages()])
      .then(([c]) => (loaded = c))
      .catch((err: unknown) => {
        pending = null;
        throw new ChunkLoadError(err instanceof Error ? err.message : String(err), { cause: err });
      });
    return pending;
  };
  let Lazy = lazy(() => fetchOnce().then((c) => ({ default: c })));

  function LazyPartView(props: P) {
    // Chosen once per mount (and retry): switching from Lazy to the loaded component in a later render would
    // be a different element type, and React would mount the part again, losing its state.
    const [view, setView] = useState(() => ({ attempt: 0, type: loaded ?? Lazy }));
    const retry = () => {
      Lazy = lazy(() => fetchOnce().then((c) => ({ default: c })));
      setView((v) => ({ attempt: v.attempt + 1, type: loaded ?? Lazy }));
    };
    return (
      <ChunkBoundary key={view.attempt} onRetry={retry} inline={inline}>
        <Suspense fallback={<ChunkLoading inline={inline} />}>{createElement(view.type, props)}</Suspense>
      </ChunkBoundary>
    );
  }

  const part: LazyPart<P> = {
    Component: LazyPartView,
    preload: () =>
      fetchOnce().then(
        () => true,
        () => false,
      ),
  };
  (opts.first ? firstPreloads : preloads).push(part.preload);
  return part;
}

/**
 * Another on-demand chunk (not a page, e.g. the English messages) that preloadParts loads with the parts.
 * `load` must not reject (it answers false on failure) and must not fetch twice once it succeeded.
 */
export function preloadWhenIdle(load: () => Promise<boolean>): void {
  preloads.push(load);
}

let preloading = false;

/**
 * Loads every part after `delayMs` and the next paint: the `first` parts at once, then the others one after
 * another in idle callbacks (see the header). Once per document: the earliest start wins and later ones do nothing, so the
 * register starts it as soon as its rows are on screen, and the shell starts it anyway after a while on any
 * other first page. When every part has loaded, the root element gets `data-parts="loaded"` (tests wait for
 * it before taking the device offline).
 */
export function preloadParts(delayMs = 0): void {
  if (delayMs > 0) {
    setTimeout(() => preloadParts(0), delayMs);
    return;
  }
  if (preloading) return;
  preloading = true;
  // After the next paint (a frame, then a task): called from the register's effect, the rows are committed
  // but not yet painted, and nothing on demand is fetched before they are.
  requestAnimationFrame(() => setTimeout(startPreloads));
}

function startPreloads(): void {
  const first = Promise.all(firstPreloads.map((preload) => preload()));
  const queue = [...preloads];
  let allLoaded = true;
  const next = () => {
    const preload = queue.shift();
    if (!preload) {
      void first.then((oks) => {
        document.documentElement.dataset.parts = allLoaded && oks.every(Boolean) ? 'loaded' : 'incomplete';
      });
      return;
    }
    void preload().then((ok) => {
      allLoaded &&= ok;
      requestIdleCallback(next, { timeout: 2000 });
    });
  };
  // The idle-time queue starts once the first parts are in, so it does not compete with them.
  void first.then(() => requestIdleCallback(next, { timeout: 2000 }));
}

function ChunkLoading({ inline }: { inline: boolean }) {
  const { t } = useI18n();
  return (
    <p className={inline ? 'muted' : 'empty'} role="status" data-testid="chunk-loading">
      {t('chunk.loading')}
    </p>
  );
}

function ChunkFailed({ onRetry, inline }: { onRetry(): void; inline: boolean }) {
  const { t } = useI18n();
  return (
    <div className={inline ? 'muted' : 'alert alert-error'} role="alert" data-testid="chunk-failed">
      <p>{t('chunk.failed')}</p>
      <button type="button" className="btn" onClick={onRetry} data-testid="chunk-retry">
        {t('action.retry')}
      </button>
    </div>
  );
}

interface BoundaryProps {
  children: ReactNode;
  inline: boolean;
  onRetry(): void;
}

/**
 * Shows a chunk that failed to load as an error state with a retry. Any other error (a bug in the part
 * itself) is thrown on, as if this boundary were not there.
 */
class ChunkBoundary extends Component<BoundaryProps, { error: unknown }> {
  override state: { error: unknown } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: unknown } {
    return { error };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    if (error instanceof ChunkLoadError) console.error('a part of the app failed to load', error, info.componentStack);
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    if (error instanceof ChunkLoadError) return <ChunkFailed onRetry={this.props.onRetry} inline={this.props.inline} />;
    throw error;
  }
}
