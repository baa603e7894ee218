/** What other features use of the care-plans feature (import only from here). */
export { CarePlanSummary } from './CarePlanSummary';
export { useUserNames } from './users';
export { useCarePlans } from './queries';
