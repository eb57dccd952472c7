// The SES result cache reuses a verification only for byte-identical inputs within its window.
import { beforeAll, describe, expect, it } from 'vitest';
import { SesResultCache } from '../../../src/services/verification/ses-result-cache.ts';
import type { SesCheckInput } from '../../../src/services/verification/ses-result-cache.ts';
import { licenceBlobKeys } from '../../../src/services/licences/licence-deps.ts';
import { verificationTrust } from '../../../src/services/seals/verification-trust.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { verificationWorld } from './verification-world.ts';

describe('SES result cache', () => {
  let input: SesCheckInput;
  beforeAll(async () => {
    const v = await verificationWorld(sqlBackends[0]!);
    const l = await v.issueProof();
    const keys = licenceBlobKeys(l.id);
    const [content, signature] = await v.licenceDeps.store.transaction(async (tx) => [await tx.blobs.get(keys.content), await tx.blobs.get(keys.signature)]);
    input = { signature: signature!.bytes, data: content!.bytes, trust: await verificationTrust(v.deps.seals), at: v.w.clock.now() };
    await v.cleanup();
  }, 60_000);

  it('reuses a result for the same bytes and verifies changed bytes afresh', () => {
    const cache = new SesResultCache({ maxEntries: 4, freshMs: 60_000 });
    const first = cache.verify(input);
    expect(first.indication).toBe('TOTAL_PASSED');
    expect(cache.verify({ ...input, signature: Uint8Array.from(input.signature) })).toBe(first);
    const data = Uint8Array.from(input.data);
    data[data.length - 2] ^= 1;
    expect(cache.verify({ ...input, data }).subIndication).toBe('HASH_FAILURE');
    const signature = Uint8Array.from(input.signature);
    // Same tail (the entry's slot), a changed byte before it.
    signature[Math.floor(signature.length / 2)] ^= 1;
    expect(cache.verify({ ...input, signature }).indication).not.toBe('TOTAL_PASSED');
    expect(cache.verify({ ...input, trust: { ...input.trust, anchors: [] } }).indication).not.toBe('TOTAL_PASSED');
    const again = cache.verify(input);
    expect(again).not.toBe(first);
    expect(again.indication).toBe('TOTAL_PASSED');
  });

  it('verifies again once the window has passed or the clock went back', () => {
    const cache = new SesResultCache({ maxEntries: 4, freshMs: 60_000 });
    const first = cache.verify(input);
    const later = new Date(input.at.getTime() + 61_000);
    expect(cache.verify({ ...input, at: later })).not.toBe(first);
    expect(cache.verify({ ...input, at: input.at })).not.toBe(first);
  });

  it('keeps at most maxEntries results', () => {
    const cache = new SesResultCache({ maxEntries: 1, freshMs: 60_000 });
    const first = cache.verify(input);
    const data = Uint8Array.from(input.data);
    data[0] ^= 1;
    cache.verify({ ...input, data });
    expect(cache.verify(input)).not.toBe(first);
  });
});
