import type { UseFormReturn } from 'react-hook-form';
import type { ResidentFormValues, ResidentProfile } from '../../../../shared/resident';

export type ResidentFormApi = UseFormReturn<ResidentFormValues, unknown, ResidentProfile>;

/** What every section of the resident form needs from the page: the form, field ids, labels and errors. */
export interface FormKit {
  form: ResidentFormApi;
  /** DOM id of the control for a dotted field path. */
  fid(path: string): string;
  /** The visible label of a field path. */
  label(path: string): string;
  /** The full error text for a field path ("label: message"), or undefined when the field is fine. */
  err(path: string): string | undefined;
}

/** setValue for a text field named at run time (the blur clean-up works on any text input in the form). */
export function setTextValue(form: ResidentFormApi, name: string, value: string): void {
  (form.setValue as (name: string, value: string, options: { shouldDirty: boolean }) => void)(name, value, { shouldDirty: true });
}
