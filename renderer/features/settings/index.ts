/** What other features use of the settings feature (import only from here). */
export { useVitalSettings } from './queries';
