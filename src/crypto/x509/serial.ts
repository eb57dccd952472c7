/**
 * Certificate and CRL serial numbers. RFC 5280 asks for positive integers of at most 20 octets;
 * CA/Browser Forum practice asks for at least 64 bits from a CSPRNG so that serials cannot be
 * predicted (which defeats chosen-prefix collision attacks on the signed data).
 */
import { randomBytes } from 'node:crypto';
import { CryptoError } from '../errors.ts';

/** Number of random bytes in a generated serial (128 bits, of which 127 are random). */
export const SERIAL_BYTES = 16;

/** A source of random bytes; injectable so that tests can pin serials. */
export type RandomSource = (length: number) => Uint8Array;

const defaultRandom: RandomSource = (n) => new Uint8Array(randomBytes(n));

/**
 * A random positive serial as big-endian bytes: 16 random bytes with the top bit cleared so the
 * DER INTEGER stays positive and 16 octets long, and the second-highest bit set so that it
 * never has a leading zero octet (always 126 random bits, well above the 64 required).
 */
export function randomSerial(random: RandomSource = defaultRandom): Uint8Array {
  const bytes = random(SERIAL_BYTES);
  if (!(bytes instanceof Uint8Array) || bytes.length !== SERIAL_BYTES) {
    throw new CryptoError('ERR_CERT_SERIAL', 'random source returned the wrong number of bytes');
  }
  const out = new Uint8Array(bytes);
  out[0] = (out[0]! & 0x7f) | 0x40;
  return out;
}

/**
 * Parses a serial given as hex (optional `0x`, colons allowed) into big-endian bytes, checking it
 * is positive and at most 20 octets. Throws `ERR_CERT_SERIAL` otherwise.
 */
export function serialFromHex(hex: string): Uint8Array {
  const clean = typeof hex === 'string' ? hex.replace(/^0x/i, '').replace(/:/g, '') : '';
  if (!/^[0-9a-fA-F]+$/.test(clean)) throw new CryptoError('ERR_CERT_SERIAL', 'serial must be hex');
  const n = BigInt('0x' + clean);
  if (n <= 0n) throw new CryptoError('ERR_CERT_SERIAL', 'serial must be positive');
  let h = n.toString(16);
  if (h.length % 2 === 1) h = '0' + h;
  const bytes = new Uint8Array(Buffer.from(h, 'hex'));
  // 20 octets of DER contents, counting a leading zero added to keep the value positive.
  if (bytes.length > 20 || (bytes.length === 20 && bytes[0]! >= 0x80)) {
    throw new CryptoError('ERR_CERT_SERIAL', 'serial longer than 20 octets');
  }
  return bytes;
}

/** Canonical text of a serial: upper-case hex of its magnitude, even length. */
export function serialToHex(value: bigint): string {
  const neg = value < 0n;
  let h = (neg ? -value : value).toString(16).toUpperCase();
  if (h.length % 2 === 1) h = '0' + h;
  return neg ? '-' + h : h;
}
