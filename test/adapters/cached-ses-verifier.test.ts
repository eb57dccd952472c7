// The cached SES verifier reuses a check only for byte-identical inputs within its window.
import { beforeAll, describe, expect, it } from 'vitest';
import { CachedSesVerifier } from '../../src/adapters/verification/cached-ses-verifier.ts';
import { sm3 } from '../../src/crypto/sm3.ts';
import { verifySesSignature } from '../../src/crypto/ses/verify/verify-ses-signature.ts';
import type { SesCheck, SesVerifier } from '../../src/ports/ses-verifier.ts';
import { licenceBlobKeys } from '../../src/services/licences/licence-deps.ts';
import { verificationTrust } from '../../src/services/seals/verification-trust.ts';
import { sqlBackends } from '../support/sql-backends.ts';
import { verificationWorld } from '../services/verification/verification-world.ts';

/** The direct check, counting how often it runs. */
function counting(): SesVerifier & { runs: number } {
  const inner = { runs: 0, verify: (c: SesCheck) => { inner.runs++; return verifySesSignature(c); } };
  return inner;
}

describe('cached SES verifier', () => {
  let input: SesCheck;
  beforeAll(async () => {
    const v = await verificationWorld(sqlBackends[0]!);
    const l = await v.issueProof();
    const keys = licenceBlobKeys(l.id);
    const [content, signature] = await v.licenceDeps.store.transaction(async (tx) => [await tx.blobs.get(keys.content), await tx.blobs.get(keys.signature)]);
    input = { signature: signature!.bytes, data: content!.bytes, ...await verificationTrust(v.deps.seals), at: v.w.clock.now() };
    await v.cleanup();
  }, 60_000);

  it('reuses a result for the same bytes and verifies changed bytes afresh', () => {
    const cache = new CachedSesVerifier(counting(), { maxEntries: 4, freshMs: 60_000 });
    const first = cache.verify(input);
    expect(first.indication).toBe('TOTAL_PASSED');
    expect(cache.verify({ ...input, signature: Uint8Array.from(input.signature) })).toBe(first);
    const data = Uint8Array.from(input.data!);
    data[data.length - 2] ^= 1;
    expect(cache.verify({ ...input, data }).subIndication).toBe('HASH_FAILURE');
    const signature = Uint8Array.from(input.signature);
    // Same tail (the entry's slot), a changed byte before it.
    signature[Math.floor(signature.length / 2)] ^= 1;
    expect(cache.verify({ ...input, signature }).indication).not.toBe('TOTAL_PASSED');
    expect(cache.verify({ ...input, anchors: [] }).indication).not.toBe('TOTAL_PASSED');
    const again = cache.verify(input);
    expect(again).not.toBe(first);
    expect(again.indication).toBe('TOTAL_PASSED');
  });

  it('verifies again once the window has passed or the clock went back', () => {
    const cache = new CachedSesVerifier(counting(), { maxEntries: 4, freshMs: 60_000 });
    const first = cache.verify(input);
    const later = new Date(input.at.getTime() + 61_000);
    expect(cache.verify({ ...input, at: later })).not.toBe(first);
    expect(cache.verify({ ...input, at: input.at })).not.toBe(first);
  });

  it('keeps at most maxEntries results', () => {
    const cache = new CachedSesVerifier(counting(), { maxEntries: 1, freshMs: 60_000 });
    const first = cache.verify(input);
    const data = Uint8Array.from(input.data!);
    data[0] ^= 1;
    cache.verify({ ...input, data });
    expect(cache.verify(input)).not.toBe(first);
  });

  it('tells data from its digest, and runs the wrapped check only on a miss', () => {
    const inner = counting();
    const cache = new CachedSesVerifier(inner, { maxEntries: 4, freshMs: 60_000 });
    const first = cache.verify(input);
    expect(cache.verify(input)).toBe(first);
    expect(inner.runs).toBe(1);
    const { data, ...rest } = input;
    const hashed = cache.verify({ ...rest, dataHash: sm3(data!) });
    expect(hashed).not.toBe(first);
    expect(hashed.indication).toBe('TOTAL_PASSED');
    expect(cache.verify({ ...rest, dataHash: Uint8Array.from(sm3(data!)) })).toBe(hashed);
    expect(inner.runs).toBe(2);
  });
});
