/**
 * Where the server's backup commands get their passphrase: the environment variable
 * CARE_ROUNDS_BACKUP_PASSPHRASE, else a prompt on the terminal that does not echo. Never a command-line
 * argument: those show in `ps` and the shell history (docs/security.md §3 "Backups").
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { passphraseProblem, MIN_PASSPHRASE_CHARS } from '../shared/backup/passphrase';

export const PASSPHRASE_ENV = 'CARE_ROUNDS_BACKUP_PASSPHRASE';

/** A passphrase the operator must fix: printed as one line, without a stack. */
export class PassphraseInputError extends Error {
  override readonly name = 'PassphraseInputError';
}

function ask(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

/** `confirm`: a new backup asks twice and applies the length rule; a restore asks once. */
export async function readPassphrase(env: NodeJS.ProcessEnv, confirm: boolean): Promise<string> {
  const fromEnv = env[PASSPHRASE_ENV];
  let passphrase: string;
  if (fromEnv !== undefined && fromEnv !== '') passphrase = fromEnv;
  else {
    if (!process.stdin.isTTY) throw new PassphraseInputError(`no passphrase: set ${PASSPHRASE_ENV} or run on a terminal`);
    passphrase = await ask('Backup passphrase: ');
    if (confirm) {
      const again = await ask('Repeat the passphrase: ');
      if (passphraseProblem(passphrase, again) === 'mismatch') throw new PassphraseInputError('the two passphrases differ');
    }
  }
  if (confirm) {
    const problem = passphraseProblem(passphrase);
    if (problem !== null) throw new PassphraseInputError(`the passphrase must have ${MIN_PASSPHRASE_CHARS} to 256 characters (${problem})`);
  }
  return passphrase;
}
