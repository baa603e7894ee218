/**
 * The rule for a backup passphrase, the same on the device and the server's command line (docs/security.md
 * §3 "Backups"). A backup leaves the device, so its passphrase is the only thing between a copied file and
 * the data in it: long enough to resist guessing at PBKDF2's cost.
 */
export const MIN_PASSPHRASE_CHARS = 12;
export const MAX_PASSPHRASE_CHARS = 256;

export type PassphraseProblem = 'required' | 'too_short' | 'too_long' | 'mismatch';

/** Code points after NFC (a Thai tone mark counts as one: strict, and the same on every platform). */
function length(text: string): number {
  return Array.from(text.normalize('NFC')).length;
}

/** The first problem with a new passphrase and its repetition, or null when both are fine. */
export function passphraseProblem(passphrase: string, repeated?: string): PassphraseProblem | null {
  if (passphrase.length === 0) return 'required';
  const n = length(passphrase);
  if (n < MIN_PASSPHRASE_CHARS) return 'too_short';
  if (n > MAX_PASSPHRASE_CHARS) return 'too_long';
  if (repeated !== undefined && repeated.normalize('NFC') !== passphrase.normalize('NFC')) return 'mismatch';
  return null;
}
