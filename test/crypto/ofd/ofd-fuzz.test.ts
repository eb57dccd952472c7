// Corrupted packages: verifyOfd either reports or throws a CryptoError; nothing else escapes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { CryptoError } from '../../../src/crypto/errors.ts';
import { verifyOfd } from '../../../src/crypto/ofd/verify-ofd.ts';

const original = new Uint8Array(readFileSync('/work/shared/fixtures/interop/kinggrid-einvoice-ses-v4.ofd'));

describe('verifyOfd on corrupted bytes', () => {
  it('never throws anything but a CryptoError, and never passes a changed file', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: original.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
      const bytes = Uint8Array.from(original);
      bytes[at]! ^= x;
      try {
        const r = verifyOfd(bytes, { anchors: [], at: new Date('2026-01-01T00:00:00Z') });
        // Without anchors nothing can pass; a change must not make the maths look intact unless
        // it hit bytes outside every signed part (central-directory metadata, unprotected files).
        expect(r.indication).not.toBe('TOTAL_PASSED');
      } catch (e) {
        return e instanceof CryptoError;
      }
      return true;
    }), { numRuns: 300 });
  });
});
