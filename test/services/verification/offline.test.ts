// Offline verification: the signed trust list and `yinxin verify FILE --offline --trust LIST`.
// A genuine licence PDF passes, a tampered one fails, a tampered list is refused, a revoked
// licence shows as revoked once the list has been refreshed, and a list past its next update
// reports its age and cannot confirm. The CLI process runs with no server anywhere.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SqlLicenceStatusRows } from '../../../src/adapters/sql/sql-licence-status-rows.ts';
import { verifyOfflineCommand } from '../../../src/cli/verify-offline.ts';
import type { LicenceRecord } from '../../../src/domain/licence.ts';
import type { SignedTrustList } from '../../../src/domain/trust-list.ts';
import { changeLicenceStatus } from '../../../src/services/licences/change-licence-status.ts';
import { licenceBlobKeys } from '../../../src/services/licences/licence-deps.ts';
import { buildTrustList } from '../../../src/services/verification/build-trust-list.ts';
import { SqlAuditStore } from '../../../src/adapters/sql/sql-audit-store.ts';
import { verify } from '../../../src/crypto/sm2.ts';
import { parseCertificate } from '../../../src/crypto/x509/parse-certificate.ts';
import { checkpointPayload } from '../../../src/domain/audit-checkpoint.ts';
import { PlatformKeys } from '../../../src/domain/platform-keys.ts';
import { publishedCheckpoint } from '../../../src/services/audit/published-checkpoint.ts';
import { signAuditCheckpoint } from '../../../src/services/audit/sign-audit-checkpoint.ts';
import { readTrustList, verifyLicencePdfOffline, verifyQrPayloadOffline } from '../../../src/services/verification/verify-offline.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { STAFF, verificationWorld } from './verification-world.ts';
import type { VerificationWorld } from './verification-world.ts';

describe('offline verification with a signed trust list', () => {
  let v: VerificationWorld;
  let dir: string;
  let licence: LicenceRecord;
  let pdf: Uint8Array;
  const buildDeps = () => ({
    vault: v.w.deps.vault, crls: v.w.verifyDeps.crls, anchors: v.w.verifyDeps.anchors, statuses: new SqlLicenceStatusRows(v.w.knex), clock: v.w.clock,
    signer: v.deps.receiptSigner, organisation: '某市人民政府', publicUrl: 'https://zz.example.gov.cn', lifetimeSeconds: 24 * 3600,
  });
  const build = () => buildTrustList(buildDeps());
  const save = (name: string, content: string | Uint8Array) => { const f = join(dir, name); writeFileSync(f, content); return f; };
  /** The CLI command in this process at the world's time, with its printed lines. */
  async function cli(file: string, list: string, rootSm3?: string): Promise<{ code: number; out: string }> {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const code = await verifyOfflineCommand([file], { offline: true, trust: list, json: false, rootSm3 }, v.w.clock.now());
      return { code, out: [...log.mock.calls, ...error.mock.calls].map((c) => String(c[0])).join('\n') };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }

  beforeAll(async () => {
    v = await verificationWorld(sqlBackends[0]!);
    dir = mkdtempSync(join(tmpdir(), 'yinxin-offline-'));
    licence = await v.issueProof();
    pdf = (await v.licenceDeps.store.transaction((tx) => tx.blobs.get(licenceBlobKeys(licence.id).pdf)))!.bytes;
  }, 60_000);
  afterAll(async () => {
    await v?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the list is signed over its canonical JSON with the receipt key; a changed list is refused', async () => {
    const signed = await build();
    expect(signed.list.licences[licence.identifier]).toEqual(['valid', 1, licence.validFrom, licence.validUntil]);
    expect(signed.signature).toMatchObject({ algorithm: 'SM2-SM3', keyId: 'verification-receipt#1' });
    expect(Date.parse(signed.list.nextUpdate) - Date.parse(signed.list.issuedAt)).toBe(24 * 3600_000);
    expect(readTrustList(JSON.stringify(signed), v.w.clock.now()).list.issuedAt).toBe(signed.list.issuedAt);
    const forged = structuredClone(signed) as unknown as { list: { licences: Record<string, unknown[]> } };
    forged.list.licences['1.2.156.3005.2.FORGED'] = ['valid', 1, '2026-01-01', null];
    expect(() => readTrustList(JSON.stringify(forged), v.w.clock.now())).toThrow(expect.objectContaining({ code: 'ERR_TRUST_LIST_INVALID' }));
    expect(() => readTrustList('{"list":', v.w.clock.now())).toThrow(expect.objectContaining({ code: 'ERR_TRUST_LIST_INVALID' }));
  });

  it('publishes the latest signed audit checkpoint beside the list, which readers that ignore it still accept', async () => {
    const store = new SqlAuditStore(v.w.knex);
    const cp = await signAuditCheckpoint({ store, signer: await v.w.deps.vault.signerFor(PlatformKeys.auditCheckpoint), clock: v.w.clock });
    expect(cp).not.toBeNull();
    const signed = await buildTrustList({ ...buildDeps(), auditCheckpoint: () => publishedCheckpoint(store, v.w.deps.vault) });
    const published = signed.auditCheckpoint!;
    expect(published.checkpoint).toEqual({ index: cp!.index, prevDigest: cp!.prevDigest, seq: cp!.seq, hash: cp!.hash, signedAt: cp!.signedAt, keyId: cp!.keyId, signature: cp!.signature });
    const signerCert = parseCertificate(Buffer.from(published.certificateChain[0]!, 'base64'));
    expect(verify(signerCert.publicKey, checkpointPayload(published.checkpoint), Buffer.from(published.checkpoint.signature, 'base64'))).toBe(true);
    expect(published.certificateChain.at(-1)).toBe(signed.list.root);
    expect(readTrustList(JSON.stringify(signed), v.w.clock.now()).list.issuedAt).toBe(signed.list.issuedAt);
  });

  it('a genuine licence PDF is VALID offline and a tampered one is TAMPERED; the CLI says how old the status data is', async () => {
    const list = save('list.json', JSON.stringify(await build()));
    const genuine = await cli(save('genuine.pdf', pdf), list);
    expect(genuine.code).toBe(0);
    const root = /trust list root \(SM3\): ([0-9a-f]{64})/.exec(genuine.out)![1]!;
    expect((await cli(save('genuine.pdf', pdf), list, root.toUpperCase())).code).toBe(0);
    const pinnedElsewhere = await cli(save('genuine.pdf', pdf), list, 'ab'.repeat(32));
    expect(pinnedElsewhere.code).toBe(1);
    expect(pinnedElsewhere.out).toContain('is not the pinned one');
    expect(pinnedElsewhere.out).not.toContain('result: VALID');
    expect(genuine.out).toContain('result: VALID');
    expect(genuine.out).toContain(`licence: ${licence.identifier} version 1, status 有效 (01)`);
    expect(genuine.out).toMatch(/status data: as of \S+ \(\d+ s old\)/);
    const tampered = Buffer.from(pdf);
    tampered[tampered.indexOf('/Producer') + 1] = 'p'.charCodeAt(0);
    const bad = await cli(save('tampered.pdf', tampered), list);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('result: TAMPERED');
  });

  it('a QR payload is checked offline by its handle\'s digest: status only, never the handle itself in the list', async () => {
    const signed = await build();
    const now = v.w.clock.now();
    const qr = `https://zz.example.gov.cn/v/${licence.handle}`;
    expect(JSON.stringify(signed)).not.toContain(licence.handle);
    const out = verifyQrPayloadOffline(readTrustList(JSON.stringify(signed), now), qr, now);
    expect(out.verdict).toMatchObject({ result: 'VALID', subject: { identifier: licence.identifier, version: 1 } });
    expect(out.verdict.checks.map((c) => c.code)).toEqual(['INTEGRITY_QR_ONLY', 'ISSUER_TRUSTED', 'STATUS_VALID', 'DATES_WITHIN']);
    expect(verifyQrPayloadOffline(signed, `https://zz.example.gov.cn/v/${licence.handle.toLowerCase()}`, now).verdict.result).toBe('VALID');
    expect(verifyQrPayloadOffline(signed, `https://elsewhere.example.com/v/${licence.handle}`, now).verdict.result).toBe('UNKNOWN_ISSUER');
    expect(verifyQrPayloadOffline(signed, 'https://zz.example.gov.cn/v/ZZZZZZZZZZZZZZZZ', now).verdict.result).toBe('NOT_FOUND');
    expect(() => verifyQrPayloadOffline(signed, 'https://zz.example.gov.cn/v/short', now)).toThrow(expect.objectContaining({ code: 'ERR_VALIDATION' }));
    const later = new Date(Date.parse(signed.list.nextUpdate) + 1000);
    expect(verifyQrPayloadOffline(signed, qr, later)).toMatchObject({ stale: true, verdict: { result: 'CANNOT_CONFIRM' } });

    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const code = await verifyOfflineCommand([], { offline: true, trust: save('qr-list.json', JSON.stringify(signed)), json: false, qr }, now);
      expect(code).toBe(0);
      expect(log.mock.calls.map((c) => String(c[0])).join('\n')).toContain(`licence: ${licence.identifier} version 1`);
    } finally {
      log.mockRestore();
    }
  });

  it('a revoked licence shows as revoked once the list has been refreshed', async () => {
    const l = await v.issueProof();
    const lpdf = (await v.licenceDeps.store.transaction((tx) => tx.blobs.get(licenceBlobKeys(l.id).pdf)))!.bytes;
    const before = await build();
    await changeLicenceStatus(v.licenceDeps, { licenceId: l.id, action: 'revoke', reason: '依法吊销' }, STAFF);
    // The list held offline knows only what it knew when it was issued...
    expect((await verifyLicencePdfOffline(before, lpdf, v.w.clock.now())).verdict.result).toBe('VALID');
    // ...and the refreshed one carries the revocation.
    const after: SignedTrustList = await build();
    expect(after.list.licences[l.identifier]?.[0]).toBe('revoked');
    const out = await cli(save('revoked.pdf', lpdf), save('refreshed.json', JSON.stringify(after)));
    expect(out.code).toBe(1);
    expect(out.out).toContain('result: REVOKED');
    expect(out.out).toContain('STATUS_REVOKED');
    expect(verifyQrPayloadOffline(after, `https://zz.example.gov.cn/v/${l.handle}`, v.w.clock.now()).verdict.result).toBe('REVOKED');
  });

  it('a licence issued after the list was built: "status data older than this licence", not NOT_FOUND', async () => {
    const older = await build();
    v.w.clock.advance(60_000);
    const l = await v.issueProof();
    const lpdf = (await v.licenceDeps.store.transaction((tx) => tx.blobs.get(licenceBlobKeys(l.id).pdf)))!.bytes;
    const r = (await verifyLicencePdfOffline(older, lpdf, v.w.clock.now())).verdict;
    expect(r.result).toBe('CANNOT_CONFIRM');
    expect(r.checks.find((c) => c.check === 'licence-status')?.code).toBe('STATUS_DATA_OLDER_THAN_LICENCE');
    expect(r.checks.map((c) => c.code)).not.toContain('STATUS_NOT_FOUND');
    expect(r.checks.find((c) => c.check === 'issuer')?.code).toBe('ISSUER_TRUSTED');
    const out = await cli(save('newer.pdf', lpdf), save('older.json', JSON.stringify(older)));
    expect(out.out).toContain('STATUS_DATA_OLDER_THAN_LICENCE');
    expect(out.out).not.toContain('result: NOT_FOUND');
    // A refreshed list names it.
    expect((await verifyLicencePdfOffline(await build(), lpdf, v.w.clock.now())).verdict.result).toBe('VALID');
  });

  it('a list past its next update reports its age and cannot confirm; the CLI process runs with no server', async () => {
    const signed = await build();
    const later = new Date(Date.parse(signed.list.issuedAt) + 2 * 86_400_000 + 3 * 3600_000);
    const old = await verifyLicencePdfOffline(signed, pdf, later);
    expect(old).toMatchObject({ stale: true, statusAgeSeconds: 2 * 86_400 + 3 * 3600, verdict: { result: 'CANNOT_CONFIRM', statusAsOf: signed.list.issuedAt } });
    // The real command in its own process, reading two files; the machine's clock is far past the
    // test world's, so the list is old there too.
    const node = process.execPath;
    const files = [save('cli.pdf', pdf), save('cli-list.json', JSON.stringify(signed))];
    let out = '';
    let code = 0;
    try {
      out = execFileSync(node, ['src/cli/yinxin.ts', 'verify', files[0]!, '--offline', '--trust', files[1]!], { env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' });
    } catch (e) {
      const err = e as { status: number; stdout: string; stderr: string };
      code = err.status;
      out = err.stdout + err.stderr;
    }
    if (Date.now() > Date.parse(signed.list.nextUpdate)) {
      expect(code, out).toBe(1);
      expect(out).toContain('result: CANNOT_CONFIRM');
      expect(out).toMatch(/status data: as of \S+ \(\d+ d \d+ h old\).*past its next update/);
    } else {
      expect(code, out).toBe(0);
    }
  }, 30_000);
});
