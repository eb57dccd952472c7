// Every licence verdict from real data: licences issued through the registry's licence seal and
// checked by QR handle, identifier, share code, uploaded PDF and detached SES signature.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeLicence } from '../../../src/services/licences/change-licence.ts';
import { changeLicenceStatus } from '../../../src/services/licences/change-licence-status.ts';
import { createLicenceShare } from '../../../src/services/licences/create-licence-share.ts';
import { licenceBlobKeys } from '../../../src/services/licences/licence-deps.ts';
import { listLicenceChecks } from '../../../src/services/licences/list-licence-checks.ts';
import { testHolderIndex } from '../licences/licence-kit.ts';
import { revokeSeal } from '../../../src/services/seals/revoke-seal.ts';
import { verifySealedPdf } from '../../../src/services/seals/verify-sealed-pdf.ts';
import { verifyLicenceByHandle } from '../../../src/services/verification/verify-licence-by-handle.ts';
import { verifyLicenceByIdentifier } from '../../../src/services/verification/verify-licence-by-identifier.ts';
import { verifyLicenceByShare } from '../../../src/services/verification/verify-licence-by-share.ts';
import { verifyUpload } from '../../../src/services/verification/verify-upload.ts';
import type { LicenceRecord } from '../../../src/domain/licence.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { ids } from '../seals/seal-fixture.ts';
import { OTHER_ISSUER } from '../licences/licence-kit.ts';
import { PUBLIC, STAFF, verificationWorld } from './verification-world.ts';
import type { VerificationWorld } from './verification-world.ts';

describe('licence verification', () => {
  let v: VerificationWorld;
  beforeAll(async () => { v = await verificationWorld(sqlBackends[0]!); }, 60_000);
  afterAll(async () => v.cleanup());

  const byHandle = async (l: LicenceRecord) => (await verifyLicenceByHandle(v.deps, { handle: l.handle }, PUBLIC)).verdict;
  const codes = (verdict: { checks: readonly { code: string }[] }) => verdict.checks.map((c) => c.code);
  const blob = async (key: string) => (await v.licenceDeps.store.transaction((tx) => tx.blobs.get(key)))!.bytes;
  const act = (l: LicenceRecord, action: 'suspend' | 'revoke' | 'withdraw' | 'cancel') =>
    changeLicenceStatus(v.licenceDeps, { licenceId: l.id, action, reason: `依法${action}` }, STAFF);

  it('a genuine licence is VALID by handle (any case) and identifier, with every check passed and the holder masked', async () => {
    const l = await v.issueProof({ statement: '经查询，未发现其有犯罪记录。' });
    const verdict = await byHandle(l);
    expect(verdict).toMatchObject({ result: 'VALID', colour: 'green', headline: { zh: '有效', en: 'Valid' }, retryAfterSeconds: null, successor: null });
    expect(codes(verdict)).toEqual(['INTEGRITY_OK', 'SIGNATURE_OK', 'ISSUER_TRUSTED', 'STATUS_VALID', 'DATES_WITHIN', 'SHARE_NOT_PRESENTED']);
    expect(verdict.checks[1]!.message.zh).toBe('电子签章有效。');
    expect(verdict.subject).toMatchObject({ kind: 'licence', identifier: l.identifier, holder: { name: '张*三', idNumber: '110105********002X' }, status: { code: '01', name: '有效' } });
    const shown = Object.fromEntries(verdict.subject!.fields!.map((f) => [f.field, f.value]));
    expect(shown).toMatchObject({ name: '张*三', idNumber: '110105********002X' });
    expect(shown).not.toHaveProperty('gender');
    expect(shown).not.toHaveProperty('purpose');
    expect(JSON.stringify(verdict)).not.toContain('张某三');
    expect(verdict.checkedAt).toBe(v.w.clock.now().toISOString());
    expect(verdict.statusAsOf).toBe(v.w.clock.now().toISOString());
    expect((await verifyLicenceByHandle(v.deps, { handle: l.handle.toLowerCase() }, PUBLIC)).verdict.result).toBe('VALID');
    expect((await verifyLicenceByIdentifier(v.deps, { identifier: ` ${l.identifier.toLowerCase()} ` }, PUBLIC)).verdict.result).toBe('VALID');
  });

  it('suspended, revoked, withdrawn and cancelled licences say so', async () => {
    for (const [action, result, code] of [['suspend', 'SUSPENDED', 'STATUS_SUSPENDED'], ['revoke', 'REVOKED', 'STATUS_REVOKED'], ['withdraw', 'REVOKED', 'STATUS_WITHDRAWN'], ['cancel', 'REVOKED', 'STATUS_CANCELLED']] as const) {
      const l = await v.issueProof();
      await act(l, action);
      const verdict = await byHandle(l);
      expect(verdict, action).toMatchObject({ result, colour: 'red' });
      expect(codes(verdict)).toContain(code);
    }
  });

  it('a superseded version links to the current one, which is VALID', async () => {
    const l = await v.issueProof();
    const renewed = await changeLicence(v.licenceDeps, { licenceId: l.id, kind: 'renew' }, STAFF);
    const verdict = await byHandle(l);
    expect(verdict).toMatchObject({ result: 'SUPERSEDED', successor: { identifier: renewed.licence.identifier, url: renewed.verificationUrl } });
    expect((await byHandle(renewed.licence)).result).toBe('VALID');
  });

  it('expired after its last day and not yet valid before its first', async () => {
    const start = v.w.clock.now();
    const l = await v.issueProof();
    const later = await v.issueProof({}, { validFrom: new Date(start.getTime() + 10 * 86_400_000).toISOString().slice(0, 10) });
    expect(await byHandle(later)).toMatchObject({ result: 'NOT_YET_VALID' });
    v.w.clock.set(new Date(start.getTime() + 100 * 86_400_000));
    try {
      const verdict = await byHandle(l);
      expect(verdict.result).toBe('EXPIRED');
      expect(codes(verdict)).toContain('DATES_EXPIRED');
    } finally {
      v.w.clock.set(start);
    }
  });

  it('tampered register data is TAMPERED', async () => {
    const l = await v.issueProof();
    const key = licenceBlobKeys(l.id).content;
    const original = await blob(key);
    const forged = Buffer.from(new TextDecoder().decode(original).replace('"张某三"', '"李某四"'));
    await v.w.knex('stored_blobs').where({ blob_key: key }).update({ bytes: forged });
    const verdict = await byHandle(l);
    expect(verdict.result).toBe('TAMPERED');
    expect(codes(verdict)).toContain('INTEGRITY_HASH_MISMATCH');
    expect(JSON.stringify(verdict)).not.toContain('李某四');
  });

  it('a licence sealed by an issuer outside the trust anchors is UNKNOWN_ISSUER', async () => {
    const l = await v.issueProof({}, { issuer: OTHER_ISSUER });
    const verdict = await byHandle(l);
    expect(verdict.result).toBe('UNKNOWN_ISSUER');
    expect(codes(verdict)).toContain('ISSUER_UNKNOWN');
  });

  it('a verifier system with a legal basis sees every field in full, and the audit names the basis', async () => {
    const l = await v.issueProof();
    const masked = (await verifyLicenceByHandle(v.deps, { handle: l.handle }, { ...PUBLIC, verifier: 'app_bank' })).verdict.subject!;
    expect(masked.holder).toEqual({ name: '张*三', idNumber: '110105********002X' });
    expect(masked.disclosure).toBeUndefined();
    const basis = '《中华人民共和国反洗钱法》第二十八条';
    const full = (await verifyLicenceByIdentifier(v.deps, { identifier: l.identifier }, { ...PUBLIC, verifier: 'app_bank', legalBasis: basis })).verdict;
    expect(full.result).toBe('VALID');
    expect(full.subject).toMatchObject({ holder: { name: '张某三', idNumber: '11010519491231002X' }, disclosure: { legalBasis: basis } });
    expect(full.subject!.fields!.every((f) => !f.masked)).toBe(true);
    expect(full.subject!.fields!.find((f) => f.field === 'idNumber')?.value).toBe('11010519491231002X');
    const audit = await v.w.audit.page(0, 10_000);
    expect(JSON.parse(audit.at(-1)!.details)).toMatchObject({ fullFieldsUnder: basis });
  });

  it('the holder sees who checked the licence, newest first, with no client address', async () => {
    const l = await v.issueProof();
    await verifyLicenceByHandle(v.deps, { handle: l.handle }, PUBLIC);
    await verifyLicenceByIdentifier(v.deps, { identifier: l.identifier }, { ...PUBLIC, verifier: 'app_bank' });
    const holder = { accountId: 'u_zhang', kind: 'citizen' as const, holderKeys: [await testHolderIndex.keyFor('citizen', '11010519491231002X')] };
    const checks = await listLicenceChecks(v.deps.licences, holder, l.id);
    expect(checks.map((c) => [c.channel, c.verifierKind, c.verifier, c.result])).toEqual([
      ['identifier', 'app', 'app_bank', 'VALID'],
      ['handle', 'public', null, 'VALID'],
    ]);
    expect(JSON.stringify(checks)).not.toContain(PUBLIC.clientIp);
    const stranger = { accountId: 'u_other', kind: 'citizen' as const, holderKeys: ['rid:nobody'] };
    await expect(listLicenceChecks(v.deps.licences, stranger, l.id)).rejects.toMatchObject({ code: 'ERR_NOT_FOUND' });
  });

  it('a forged handle or unknown identifier is NOT_FOUND; malformed input is ERR_VALIDATION', async () => {
    expect((await verifyLicenceByHandle(v.deps, { handle: 'ZZZZZZZZZZZZZZZZ' }, PUBLIC)).verdict).toMatchObject({ result: 'NOT_FOUND', colour: 'red' });
    const l = await v.issueProof();
    await expect(verifyLicenceByHandle(v.deps, { handle: 'abc' }, PUBLIC)).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
    // A wrong check character: one that differs from the real one, whatever the real one is.
    const wrongCheck = l.identifier.endsWith('X') ? 'Y' : 'X';
    await expect(verifyLicenceByIdentifier(v.deps, { identifier: `${l.identifier.slice(0, -1)}${wrongCheck}` }, PUBLIC)).rejects.toMatchObject({ code: 'ERR_VALIDATION' });
  });

  it('the sealed licence PDF verifies; one changed byte is TAMPERED; a revoked licence\'s PDF is REVOKED', async () => {
    const l = await v.issueProof();
    const pdf = await blob(licenceBlobKeys(l.id).pdf);
    const genuine = (await verifyUpload(v.deps, pdf, PUBLIC)).verdict;
    expect(genuine).toMatchObject({ result: 'VALID', subject: { identifier: l.identifier } });
    expect(codes(genuine)).toEqual(['INTEGRITY_OK', 'SIGNATURE_OK', 'ISSUER_TRUSTED', 'INTEGRITY_OK', 'INTEGRITY_OK', 'SIGNATURE_OK', 'ISSUER_TRUSTED', 'STATUS_VALID', 'DATES_WITHIN', 'SHARE_NOT_PRESENTED']);
    const tampered = Buffer.from(pdf);
    const at = tampered.indexOf('/Producer');
    tampered[at + 1] = 'p'.charCodeAt(0);
    expect((await verifyUpload(v.deps, tampered, PUBLIC)).verdict.result).toBe('TAMPERED');
    await act(l, 'revoke');
    expect((await verifyUpload(v.deps, pdf, PUBLIC)).verdict.result).toBe('REVOKED');
    await expect(verifyUpload(v.deps, Buffer.from('hello, not a file'), PUBLIC)).rejects.toMatchObject({ code: 'ERR_FILE_KIND_UNKNOWN' });
    await expect(verifyUpload(v.deps, Buffer.from('%PDF-1.7\ngarbage'), PUBLIC)).rejects.toMatchObject({ code: 'ERR_DOCUMENT_INVALID' });
  });

  it('a licence PDF with bytes appended after its signature is TAMPERED, and not TOTAL_PASSED for the seal verifier either', async () => {
    const l = await v.issueProof();
    const pdf = await blob(licenceBlobKeys(l.id).pdf);
    const junked = Buffer.concat([pdf, Buffer.from('\n% appended after signing\n', 'latin1')]);
    expect((await verifyUpload(v.deps, junked, PUBLIC)).verdict.result).toBe('TAMPERED');
    const report = await verifySealedPdf(v.deps.seals, junked);
    expect(report).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
    // The signature itself stays valid for the revision it signed (ETSI); the file does not.
    expect(report.signatures.map((s) => [s.indication, s.modifiedAfterSigning])).toEqual([['TOTAL_PASSED', true]]);
    expect((await verifySealedPdf(v.deps.seals, pdf)).indication).toBe('TOTAL_PASSED');
  });

  it('the detached SES signature verifies over the register\'s content', async () => {
    const l = await v.issueProof();
    const ses = await blob(licenceBlobKeys(l.id).signature);
    const verdict = (await verifyUpload(v.deps, ses, PUBLIC)).verdict;
    expect(verdict).toMatchObject({ result: 'VALID', subject: { identifier: l.identifier } });
    const broken = Buffer.from(ses);
    broken[broken.length - 5]! ^= 0xff;
    expect((await verifyUpload(v.deps, broken, PUBLIC)).verdict.result).toBe('TAMPERED');
  });

  it('a share shows the chosen fields in full; a revoked or expired share is SHARE_EXPIRED', async () => {
    const l = await v.issueProof();
    const holder = { accountId: 'c_holder', kind: 'citizen' as const, holderKeys: [l.holderKey] };
    const { share } = await createLicenceShare(v.licenceDeps, holder, { licenceId: l.id, fields: ['name'], purpose: '入职审查', lifetimeSeconds: 300 });
    const shown = (await verifyLicenceByShare(v.deps, { code: share.code }, PUBLIC)).verdict;
    expect(shown.result).toBe('VALID');
    expect(codes(shown)).toContain('SHARE_OK');
    expect(shown.subject?.holder?.name).toBe('张某三');
    expect(shown.subject?.fields?.find((f) => f.field === 'idNumber')).toMatchObject({ value: '110105********002X', masked: true });
    const start = v.w.clock.now();
    v.w.clock.set(new Date(start.getTime() + 301_000));
    try {
      expect((await verifyLicenceByShare(v.deps, { code: share.code }, PUBLIC)).verdict).toMatchObject({ result: 'SHARE_EXPIRED', subject: null });
    } finally {
      v.w.clock.set(start);
    }
  });

  it('every verification is audited without personal data: anonymous actor, hashed client IP', async () => {
    const l = await v.issueProof();
    await verifyLicenceByHandle(v.deps, { handle: l.handle }, PUBLIC);
    const entries = (await v.w.audit.page(0, 10_000)).filter((a) => a.action === 'verification.check' && a.object === l.identifier);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actorKind: 'anonymous', actorId: null, outcome: 'success', requestId: 'req-1' });
    expect(entries[0]!.clientIp).toMatch(/^h:[0-9a-f]{32}$/);
    expect(entries[0]!.details).not.toContain('张');
    expect(JSON.parse(entries[0]!.details)).toMatchObject({ channel: 'handle', result: 'VALID' });
  });
  it('a licence seal revoked after issue leaves the licence VALID; sealed after revocation, it is REVOKED', async () => {
    const l = await v.issueProof();
    const seal = v.licenceSeal;
    const signer = await v.w.deps.vault.signerFor(seal.keyId!);
    v.w.clock.advance(1000);
    await revokeSeal(v.w.deps, { sealId: seal.id, reason: '印章遗失' }, { accountId: ids.keeper });
    v.w.clock.advance(60_000);
    expect((await byHandle(l)).result).toBe('VALID');
    // A licence signed with the seal after its revocation (a stolen key, say).
    v.seals.extra.set(l.issuerCode, { seal: seal.sesSeal!, signer, image: seal.image! });
    try {
      const late = await v.issueProof();
      const verdict = await byHandle(late);
      expect(verdict.result).toBe('REVOKED');
      expect(codes(verdict)).toContain('SIGNATURE_SEAL_REVOKED_AT_SIGNING');
    } finally {
      v.seals.extra.delete(l.issuerCode);
    }
  });
});
