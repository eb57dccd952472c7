// Other platforms: another city's trust list imported here. Before import its licence is not
// confirmed; imported as known only, it gets UNTRUSTED_ISSUER (not the unknown issuer's verdict);
// trusted, it verifies with the status from that list, a later revocation there shows once its
// newer list is imported, and an older list cannot replace a newer one. The pinned root must
// match and a platform's own list is never imported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlImportedTrustLists } from '../../../src/adapters/sql/sql-imported-trust-lists.ts';
import { SqlLicenceStatusRows } from '../../../src/adapters/sql/sql-licence-status-rows.ts';
import type { LicenceRecord } from '../../../src/domain/licence.ts';
import { changeLicenceStatus } from '../../../src/services/licences/change-licence-status.ts';
import { licenceBlobKeys } from '../../../src/services/licences/licence-deps.ts';
import { buildTrustList } from '../../../src/services/verification/build-trust-list.ts';
import { importTrustList } from '../../../src/services/verification/import-trust-list.ts';
import { verifyPdfUpload } from '../../../src/services/verification/verify-licence-pdf.ts';
import { rootFingerprint } from '../../../src/services/verification/verify-offline.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { PUBLIC, STAFF, verificationWorld } from './verification-world.ts';
import type { VerificationWorld } from './verification-world.ts';

const OTHER_URL = 'https://zw.other-city.example.gov.cn';

describe.each(sqlBackends)('licences of other platforms on $name', (backend) => {
  let there: VerificationWorld;
  let here: VerificationWorld;
  let lists: SqlImportedTrustLists;
  let licence: LicenceRecord;
  let pdf: Uint8Array;
  const build = () => buildTrustList({
    vault: there.w.deps.vault, crls: there.w.verifyDeps.crls, anchors: there.w.verifyDeps.anchors, statuses: new SqlLicenceStatusRows(there.w.knex),
    clock: there.w.clock, signer: there.deps.receiptSigner, organisation: '另一市人民政府', publicUrl: OTHER_URL, lifetimeSeconds: 24 * 3600,
  });
  const deps = () => ({ lists, audit: here.deps.audit, clock: here.w.clock, publicUrl: here.deps.publicUrl });
  const upload = async (bytes: Uint8Array) => (await verifyPdfUpload(here.deps, bytes, PUBLIC)).verdict;

  beforeAll(async () => {
    there = await verificationWorld(backend);
    here = await verificationWorld(backend);
    lists = new SqlImportedTrustLists(here.w.knex);
    here.deps.foreignLists = lists;
    licence = await there.issueProof();
    pdf = (await there.licenceDeps.store.transaction((tx) => tx.blobs.get(licenceBlobKeys(licence.id).pdf)))!.bytes;
  }, 90_000);
  afterAll(async () => {
    await there?.cleanup();
    await here?.cleanup();
  });

  it('tells an unknown issuer, a known but untrusted one and a trusted one apart', async () => {
    const unknown = await upload(pdf);
    expect(['UNKNOWN_ISSUER', 'NOT_FOUND']).toContain(unknown.result);

    const signed = await build();
    const text = JSON.stringify(signed);
    const root = rootFingerprint(signed.list);
    await expect(importTrustList(deps(), text, { rootSm3: '00'.repeat(32), trusted: true }, STAFF)).rejects.toMatchObject({ code: 'ERR_TRUST_LIST_INVALID', details: { reason: 'root_mismatch' } });
    await expect(importTrustList({ ...deps(), publicUrl: `${OTHER_URL}/` }, text, { rootSm3: root, trusted: true }, STAFF)).rejects.toMatchObject({ details: { reason: 'own_list' } });
    expect(await lists.all()).toEqual([]);

    expect(await importTrustList(deps(), text, { rootSm3: root.toUpperCase(), trusted: false }, STAFF)).toMatchObject({ publisherUrl: OTHER_URL, replaced: false });
    const known = await upload(pdf);
    expect(known.result).toBe('UNTRUSTED_ISSUER');
    expect(known.checks.find((c) => c.check === 'issuer')?.code).toBe('ISSUER_KNOWN_UNTRUSTED');
    expect(known.subject?.issuer).toEqual({ code: OTHER_URL, name: '另一市人民政府' });

    expect(await importTrustList(deps(), text, { rootSm3: root, trusted: true }, STAFF)).toMatchObject({ replaced: true });
    const trusted = await upload(pdf);
    expect(trusted.result).toBe('VALID');
    expect(trusted.checks.map((c) => c.code)).toContain('ISSUER_OTHER_PLATFORM');
    expect(trusted.statusAsOf).toBe(signed.list.issuedAt);
    expect(trusted.subject).toMatchObject({ identifier: licence.identifier, status: { code: '01' } });

    const tampered = Buffer.from(pdf);
    tampered[tampered.indexOf('/Producer') + 1] = 'p'.charCodeAt(0);
    expect((await upload(tampered)).result).toBe('TAMPERED');

    const audit = await here.w.audit.page(0, 1000);
    expect(audit.filter((a) => a.action === 'trust.import').map((a) => (JSON.parse(a.details) as { trusted: boolean }).trusted)).toEqual([false, true]);
  });

  it('takes a revocation from the newer list, and refuses to go back to an older one', async () => {
    const older = await build();
    there.w.clock.advance(60_000);
    await changeLicenceStatus(there.licenceDeps, { licenceId: licence.id, action: 'revoke', reason: '依法吊销' }, STAFF);
    const newer = await build();
    const root = rootFingerprint(newer.list);
    await importTrustList(deps(), JSON.stringify(newer), { rootSm3: root, trusted: true }, STAFF);
    expect((await upload(pdf)).result).toBe('REVOKED');
    await expect(importTrustList(deps(), JSON.stringify(older), { rootSm3: root, trusted: true }, STAFF)).rejects.toMatchObject({ details: { reason: 'older_than_held' } });
    expect((await upload(pdf)).result).toBe('REVOKED');
  });
});
