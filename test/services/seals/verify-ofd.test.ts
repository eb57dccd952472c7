// OFD through the seal verification use case: a foreign product's seals keep their intact
// signatures, are not judged by this registry, and chain only to anchors configured for them.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySealedOfd } from '../../../src/services/seals/verify-sealed-ofd.ts';
import { zipRatioBomb } from '../../support/bombs.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { sealWorld } from './seal-fixture.ts';
import type { SealWorld } from './seal-fixture.ts';

const FIXTURE = '/work/shared/fixtures/interop/kinggrid-einvoice-ses-v4.ofd';

describe('verifying OFD seals', () => {
  let w: SealWorld;
  beforeAll(async () => { w = await sealWorld(sqlBackends[0]!); });
  afterAll(async () => { await w.cleanup(); });

  it('the KingGrid e-invoice: signatures intact, not a seal of this registry, no chain to the platform root', async () => {
    const r = await verifySealedOfd(w.verifyDeps, new Uint8Array(readFileSync(FIXTURE)));
    expect(r.signatures.length).toBeGreaterThan(0);
    for (const s of r.signatures) {
      expect(s.ofd.ses?.signatureIntact).toBe(true);
      expect(s.registry.status).toBe('not-present');
      expect(s.indication).toBe('INDETERMINATE');
      expect(s.subIndication).toBe('NO_CERTIFICATE_CHAIN_FOUND');
    }
  });

  it('not an OFD package: a document error', async () => {
    await expect(verifySealedOfd(w.verifyDeps, Buffer.from('PK not really'))).rejects.toMatchObject({ code: 'ERR_DOCUMENT_INVALID' });
  });

  it('a ZIP bomb: refused as too large (413), with the reader\'s code as the reason', async () => {
    await expect(verifySealedOfd(w.verifyDeps, zipRatioBomb())).rejects.toMatchObject({ code: 'ERR_PAYLOAD_TOO_LARGE', details: { reason: 'ERR_OFD_TOO_LARGE' } });
  });
});
