// Results of SES signature verifications, kept for signatures that are checked again and again
// (the stored signature of a licence is re-checked on every scan of its QR code).
//
// Why it is safe: the verification is a pure function of the signature bytes, the protected
// bytes, the trust material (anchors, intermediates, CRLs) and "now". A result is reused only
// when the first four are byte for byte those it was computed from, so a new CRL, another anchor
// or a changed byte in a stored blob is verified afresh. Comparing bytes costs far less than
// hashing them: the signature carries the seal picture. "Now" decides nothing: the certificate checks
// at the current time are warnings and the seal's validity is judged at the signing time, so a
// result is reused for at most `freshMs` only to keep those reported warnings current.
// What must be read fresh (the licence's status, the seal's registry status, the trust material
// itself) is read by the callers on every request; only the signature maths and chain building
// over unchanged bytes are skipped.
import { verifySesSignature } from '../../crypto/ses/verify/verify-ses-signature.ts';
import type { SesVerificationResult } from '../../crypto/ses/verify/verify-ses-signature.ts';
import type { VerificationTrust } from '../seals/verification-trust.ts';

export interface SesCheckInput {
  readonly signature: Uint8Array;
  readonly data: Uint8Array;
  readonly trust: VerificationTrust;
  readonly at: Date;
}

/**
 * Where an entry is looked for: the tail of the signature (its signature value, random per
 * signing) and the data length. It only picks the entry; a hit needs every input byte-equal.
 */
function slotOf(input: SesCheckInput): string {
  const s = input.signature;
  return `${Buffer.from(s.buffer, s.byteOffset + Math.max(0, s.length - 48), Math.min(48, s.length)).toString('hex')}:${s.length}:${input.data.length}`;
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.compare(a, b) === 0;
const sameList = (a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean => a.length === b.length && a.every((x, i) => same(x, b[i]!));

function sameInputs(a: SesCheckInput, b: SesCheckInput): boolean {
  return same(a.signature, b.signature) && same(a.data, b.data) && sameList(a.trust.anchors, b.trust.anchors)
    && sameList(a.trust.intermediates, b.trust.intermediates) && sameList(a.trust.crls, b.trust.crls);
}

/** The inputs copied, so that a caller reusing its buffers cannot change what an entry stands for. */
function copyOf(input: SesCheckInput): SesCheckInput {
  const copy = (b: Uint8Array): Uint8Array => Uint8Array.from(b);
  const { anchors, intermediates, crls } = input.trust;
  return { signature: copy(input.signature), data: copy(input.data), trust: { anchors: anchors.map(copy), intermediates: intermediates.map(copy), crls: crls.map(copy) }, at: input.at };
}

export class SesResultCache {
  readonly #entries = new Map<string, { inputs: SesCheckInput; result: SesVerificationResult; at: number }>();
  readonly #maxEntries: number;
  readonly #freshMs: number;

  constructor(opts: { maxEntries: number; freshMs: number }) {
    this.#maxEntries = opts.maxEntries;
    this.#freshMs = opts.freshMs;
  }

  /** The verification of `input`, reused when the same bytes were verified within `freshMs`. */
  verify(input: SesCheckInput): SesVerificationResult {
    const key = slotOf(input);
    const now = input.at.getTime();
    const hit = this.#entries.get(key);
    // A clock that moved backwards (tests, a corrected host clock) also verifies afresh.
    if (hit !== undefined && now >= hit.at && now - hit.at <= this.#freshMs && sameInputs(hit.inputs, input)) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit.result;
    }
    const { anchors, intermediates, crls } = input.trust;
    const result = verifySesSignature({ signature: input.signature, anchors, intermediates, crls, data: input.data, at: input.at });
    this.#entries.delete(key);
    this.#entries.set(key, { inputs: copyOf(input), result, at: now });
    // Least recently used first: Map keeps insertion order and hits are re-inserted.
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
    return result;
  }
}

/**
 * Shared by every verification in the process: licences are few and scanned often, uploads are
 * bounded by the size limit; 1,024 results of a few kilobytes each stay small.
 */
export const sesResults = new SesResultCache({ maxEntries: 1024, freshMs: 60_000 });
