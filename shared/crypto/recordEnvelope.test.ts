import { describe, expect, it } from 'vitest';
import { ENVELOPE_VERSION, EnvelopeError, indexHashInput, isSealed, readablePart, recordAad, SEALED_FIELD, unframeEnvelope, valueAt } from './recordEnvelope';

/** An envelope as the keyring frames one (renderer/lock/keyring.ts encryptFramed): the version, then the sealed bytes. */
function framed(sealed: Uint8Array): Uint8Array {
  const out = new Uint8Array(sealed.length + 1);
  out[0] = ENVELOPE_VERSION;
  out.set(sealed, 1);
  return out;
}

describe('record envelope', () => {
  it('takes the sealed bytes back from behind the version byte', () => {
    const sealed = new Uint8Array(40).map((_, i) => i);
    const env = framed(sealed);
    expect(env[0]).toBe(ENVELOPE_VERSION);
    expect(env.length).toBe(41);
    expect(unframeEnvelope(env)).toEqual(sealed);
  });

  it('refuses an unknown version, a short value and what is no bytes', () => {
    const env = framed(new Uint8Array(40));
    env[0] = 2;
    expect(() => unframeEnvelope(env)).toThrow(/version 2/);
    expect(() => unframeEnvelope(new Uint8Array(10))).toThrow(EnvelopeError);
    expect(() => unframeEnvelope('abc')).toThrow(EnvelopeError);
  });

  it('binds the store and the primary key, telling a number key from a string one', () => {
    expect(recordAad('residents', 'r-1')).not.toBe(recordAad('visits', 'r-1'));
    expect(recordAad('residents', 'r-1')).not.toBe(recordAad('residents', 'r-2'));
    expect(recordAad('outbox', 1)).not.toBe(recordAad('outbox', '1'));
  });

  it('hashes equal values of two indexes apart', () => {
    expect(indexHashInput('nidHash', '1')).not.toBe(indexHashInput('dobHash', '1'));
  });

  it('keeps only the listed paths readable, nested as in the row, leaving absent values out', () => {
    const row = { id: 'r-1', firstName: 'มาลี', birthDate: { value: '1950-01-01', precision: 'day' }, latestAdl: null, status: 'active' };
    expect(readablePart(row, ['id', 'status', 'birthDate.value', 'latestAdl.group', 'bucket'])).toEqual({ id: 'r-1', status: 'active', birthDate: { value: '1950-01-01' } });
    expect(valueAt(row, 'birthDate.precision')).toBe('day');
    expect(valueAt(row, 'latestAdl.group')).toBeUndefined();
  });

  it('tells sealed rows from plain ones', () => {
    expect(isSealed({ id: 'x', [SEALED_FIELD]: new Uint8Array(1) })).toBe(true);
    expect(isSealed({ id: 'x' })).toBe(false);
    expect(isSealed(null)).toBe(false);
  });
});
