/** What other features use of the timeline feature (import only from here). */
import './timeline.css';
export { ResidentTimeline } from './ResidentTimeline';
export { useResidentTimeline } from './queries';
export { comparator, formToOverrides, settingsToForm, THRESHOLD_NAMES, type RangesForm, type RangesIssue, type ThresholdName } from './rangesForm';
