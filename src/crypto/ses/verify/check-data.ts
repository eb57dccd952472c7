/**
 * The checks after the signature: the timestamp (reported honestly: not present, or present but
 * not checked) and the data hash recomputed over the protected bytes.
 */
import { sm3 } from '../../sm3.ts';
import { sameBytes } from '../ses-der.ts';
import type { CheckRow } from './result.ts';

/** Timestamp tokens are not validated yet; say so rather than imply they were. */
export function checkTimestamp(timeStamp: Uint8Array | undefined): CheckRow {
  if (timeStamp === undefined) return { id: 'timestamp', status: 'not-present', message: 'no timestamp: the signing time is as claimed by the signer' };
  return { id: 'timestamp', status: 'not-checked', message: 'a timestamp is present but was not checked; the signing time is as claimed by the signer', details: { bytes: String(timeStamp.length) } };
}

/** What the caller gives to compare dataHash against. */
export interface ProtectedData {
  /** The protected bytes; SM3 is computed over them. */
  readonly data?: Uint8Array;
  /** Or their SM3 digest, computed by the caller. */
  readonly dataHash?: Uint8Array;
}

/** dataHash must equal SM3 of the protected bytes (or the given digest). */
export function checkDataHash(dataHash: Uint8Array, given: ProtectedData): CheckRow {
  let actual: Uint8Array;
  if (given.data instanceof Uint8Array) actual = sm3(given.data);
  else if (given.dataHash instanceof Uint8Array) actual = given.dataHash;
  else return { id: 'data-hash', status: 'indeterminate', subIndication: 'SIGNED_DATA_NOT_FOUND', message: 'neither the protected data nor its hash was given' };
  const details = { signed: Buffer.from(dataHash).toString('hex'), computed: Buffer.from(actual).toString('hex') };
  return sameBytes(actual, dataHash)
    ? { id: 'data-hash', status: 'passed', message: 'dataHash matches SM3 of the protected data', details }
    : { id: 'data-hash', status: 'failed', subIndication: 'HASH_FAILURE', message: 'dataHash does not match the protected data', details };
}
