/**
 * Key identifiers for subjectKeyIdentifier / authorityKeyIdentifier.
 *
 * We use SM3 rather than SHA-1: the leftmost 160 bits of SM3 over the subjectPublicKey bits
 * (for SM2, the 65-byte point 04‖x‖y). This is RFC 5280 §4.2.1.2 method (1) with the hash
 * swapped as RFC 7093 §2 allows, keeping the platform on national algorithms; 160 bits keeps
 * the familiar identifier length. Matching only compares bytes, so certificates from other
 * CAs with SHA-1 identifiers chain just the same.
 */
import { sm3 } from '../sm3.ts';

/** Length of the key identifiers we issue, in bytes. */
export const KEY_ID_LENGTH = 20;

/** The key identifier for a public key (leftmost 160 bits of SM3 of the key bits). */
export function keyIdentifier(publicKey: Uint8Array): Uint8Array {
  return sm3(publicKey).slice(0, KEY_ID_LENGTH);
}
