/** What other features use of the sync feature (import only from here). */
export { useSync } from './SyncProvider';
export { usePhotoUrl } from './usePhotoUrl';
export { useSyncQueue } from './queries';
