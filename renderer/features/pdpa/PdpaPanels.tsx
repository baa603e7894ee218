import { ConsentPanel } from './ConsentPanel';
import { RightsPanel, type RightsPanelProps } from './RightsPanel';

/** The profile's personal-data parts: consent for everyone, the person's rights for care managers and admins. */
export function PdpaPanels({ residentId, onSummary }: RightsPanelProps) {
  return (
    <>
      <ConsentPanel residentId={residentId} />
      <RightsPanel residentId={residentId} onSummary={onSummary} />
    </>
  );
}
