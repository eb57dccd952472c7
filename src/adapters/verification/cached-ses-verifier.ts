// SES signature checks kept for signatures that are checked again and again (the stored
// signature of a licence is re-checked on every scan of its QR code), over any SesVerifier.
//
// Why it is safe: the check is a pure function of the signature bytes, the protected bytes (or
// their digest), the trust material (anchors, intermediates, CRLs) and "now". A result is reused
// only when the first three are byte for byte those it was computed from, so a new CRL, another
// anchor or a changed byte in a stored blob is checked afresh. Comparing bytes costs far less
// than hashing them: the signature carries the seal picture. "Now" decides nothing: the
// certificate checks at the current time are warnings and the seal's validity is judged at the
// signing time, so a result is reused for at most `freshMs` only to keep those reported
// warnings current. What must be read fresh (the licence's status, the seal's registry status,
// the trust material itself) is read by the callers on every request; only the signature maths
// and chain building over unchanged bytes are skipped.
import type { SesVerificationResult } from '../../crypto/ses/verify/verify-ses-signature.ts';
import type { SesCheck, SesVerifier } from '../../ports/ses-verifier.ts';

/**
 * Where an entry is looked for: the tail of the signature (its signature value, random per
 * signing) and the data length. It only picks the entry; a hit needs every input byte-equal.
 */
function slotOf(input: SesCheck): string {
  const s = input.signature;
  const data = input.data ?? input.dataHash;
  return `${Buffer.from(s.buffer, s.byteOffset + Math.max(0, s.length - 48), Math.min(48, s.length)).toString('hex')}:${s.length}:${input.data === undefined ? 'h' : 'd'}${data?.length ?? -1}`;
}

const same = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean => a === undefined || b === undefined ? a === b : a.length === b.length && Buffer.compare(a, b) === 0;
const sameList = (a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean => a.length === b.length && a.every((x, i) => same(x, b[i]!));

function sameInputs(a: SesCheck, b: SesCheck): boolean {
  return same(a.signature, b.signature) && same(a.data, b.data) && same(a.dataHash, b.dataHash) && sameList(a.anchors, b.anchors)
    && sameList(a.intermediates, b.intermediates) && sameList(a.crls, b.crls);
}

/** The inputs copied, so that a caller reusing its buffers cannot change what an entry stands for. */
function copyOf(input: SesCheck): SesCheck {
  const copy = (b: Uint8Array): Uint8Array => Uint8Array.from(b);
  return {
    signature: copy(input.signature), ...(input.data === undefined ? {} : { data: copy(input.data) }), ...(input.dataHash === undefined ? {} : { dataHash: copy(input.dataHash) }),
    anchors: input.anchors.map(copy), intermediates: input.intermediates.map(copy), crls: input.crls.map(copy), at: input.at,
  };
}

export class CachedSesVerifier implements SesVerifier {
  readonly #inner: SesVerifier;
  readonly #entries = new Map<string, { inputs: SesCheck; result: SesVerificationResult; at: number }>();
  readonly #maxEntries: number;
  readonly #freshMs: number;

  constructor(inner: SesVerifier, opts: { maxEntries: number; freshMs: number }) {
    this.#inner = inner;
    this.#maxEntries = opts.maxEntries;
    this.#freshMs = opts.freshMs;
  }

  /** The check of `input`, reused when the same bytes were checked within `freshMs`. */
  verify(input: SesCheck): SesVerificationResult {
    const key = slotOf(input);
    const now = input.at.getTime();
    const hit = this.#entries.get(key);
    // A clock that moved backwards (tests, a corrected host clock) also checks afresh.
    if (hit !== undefined && now >= hit.at && now - hit.at <= this.#freshMs && sameInputs(hit.inputs, input)) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit.result;
    }
    const result = this.#inner.verify(input);
    this.#entries.delete(key);
    this.#entries.set(key, { inputs: copyOf(input), result, at: now });
    // Least recently used first: Map keeps insertion order and hits are re-inserted.
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
    return result;
  }
}
