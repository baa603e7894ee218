/** What other features use of the visits feature (import only from here). */
export { VisitStartPanel } from './VisitStartPanel';
