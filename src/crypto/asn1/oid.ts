/**
 * OBJECT IDENTIFIER contents ⇄ dotted strings (X.690 §8.19), with DER's minimal-encoding rule.
 */
import { CryptoError } from '../errors.ts';
import { malformed } from './der-reader.ts';

/** Decodes OID contents octets to a dotted string such as `1.2.156.10197.1.501`. */
export function decodeOid(v: Uint8Array, what = 'OBJECT IDENTIFIER'): string {
  if (v.length === 0) malformed(`${what}: empty`);
  // Arcs are bigints because nothing stops an arc from exceeding 2^53.
  const arcs: bigint[] = [];
  let cur = 0n;
  let started = false;
  for (let i = 0; i < v.length; i++) {
    const b = v[i]!;
    if (!started && b === 0x80) malformed(`${what}: sub-identifier not minimally encoded`);
    started = true;
    cur = (cur << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) {
      arcs.push(cur);
      cur = 0n;
      started = false;
    }
  }
  if (started) malformed(`${what}: truncated sub-identifier`);
  const first = arcs[0]!;
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join('.');
}

/** Encodes a dotted OID string to its contents octets. Throws `ERR_ASN1_OID` when invalid. */
export function encodeOid(oid: string): Uint8Array {
  if (!/^[0-2](\.(0|[1-9]\d*))+$/.test(oid)) throw new CryptoError('ERR_ASN1_OID', `not a valid OID: ${oid}`);
  const arcs = oid.split('.').map((a) => BigInt(a));
  if (arcs[0]! < 2n && arcs[1]! > 39n) throw new CryptoError('ERR_ASN1_OID', `second arc out of range: ${oid}`);
  const subs = [arcs[0]! * 40n + arcs[1]!, ...arcs.slice(2)];
  const out: number[] = [];
  for (const s of subs) {
    const chunk: number[] = [Number(s & 0x7fn)];
    let rest = s >> 7n;
    while (rest > 0n) {
      chunk.unshift(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    out.push(...chunk);
  }
  return Uint8Array.from(out);
}
