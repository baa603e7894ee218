/** Personal data (PDPA, docs/domain.md §8): consent, a person's export and erasure, retention. */
export { PdpaPanels } from './PdpaPanels';
export { ErasureAdminSection } from './ErasureAdminSection';
export { SubjectPrint } from './SubjectPrint';
