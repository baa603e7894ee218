/** What other features use of the alerts feature (import only from here). */
export { ResidentAlerts } from './ResidentAlerts';
