/** What other features use of the ADL assessments feature (import only from here). */
export { AdlGroupBadge } from './AdlGroupBadge';
export { AdlHistory } from './AdlHistory';
export { chartBands, yFor, type ChartBox } from './chart';
