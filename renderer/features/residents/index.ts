/** What other features use of the residents feature (import only from here). */
export { DemoDataOffer } from './register/DemoDataOffer';
export { useResident } from './queries';
