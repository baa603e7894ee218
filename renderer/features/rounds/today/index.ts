/** What the app shell uses of the caregiver's day (#/today). */
export { TodayNavLink } from './nav';
