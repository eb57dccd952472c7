// Using seals: grants, step-up, each refusal with its code and without a use record, the stamped
// PDF with its SES signature verified by yinxin, by the OpenSSL CLI over the exact byte slices,
// and rendered by pdftoppm; verification at the signing time against the registry.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SES_Signature } from '../../../src/crypto/ses/SES_Signature.ts';
import { decodeSignature, encodeSignature } from '../../../src/crypto/sm2.ts';
import { sm3 } from '../../../src/crypto/sm3.ts';
import { SES_SIGNATURE_ATTRIBUTE_OID } from '../../../src/domain/seal.ts';
import type { Seal } from '../../../src/domain/seal.ts';
import { byteRangeDigest, verifyPdfSignatures } from '../../../src/pdf/index.ts';
import { PdfDocument } from '../../../src/pdf/document.ts';
import { findPage } from '../../../src/pdf/pages.ts';
import { decodePng } from '../../../src/pdf/png.ts';
import { endSealGrant } from '../../../src/services/seals/end-seal-grant.ts';
import { grantSeal } from '../../../src/services/seals/grant-seal.ts';
import { revokeSeal } from '../../../src/services/seals/revoke-seal.ts';
import { stampDocument } from '../../../src/services/seals/stamp-document.ts';
import type { StampRequest } from '../../../src/services/seals/stamp-document.ts';
import { suspendSeal } from '../../../src/services/seals/suspend-seal.ts';
import { verifySealedPdf } from '../../../src/services/seals/verify-sealed-pdf.ts';
import { makePdf } from '../../pdf/fixtures.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { skipWithout } from '../../support/tools.ts';
import { ids, sealWorld } from './seal-fixture.ts';
import type { SealWorld } from './seal-fixture.ts';

const OPENSSL = '/usr/bin/openssl';
const noOpenssl = skipWithout('the SESeal and SES_Signature of a stamped PDF verified by the OpenSSL CLI', 'openssl');
const noPoppler = skipWithout('a stamped PDF listed by pdfsig and rendered by pdftoppm', 'pdfsig', 'pdftoppm');

const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => e.code);
const MIN = 60_000;
const findPageRef = (doc: Uint8Array, page: number) => findPage(PdfDocument.load(doc), page).ref.num;

describe('stamping and verifying', () => {
  let w: SealWorld;
  let pdf: Buffer;
  const dir = mkdtempSync(join(tmpdir(), 'yinxin-seal-'));
  beforeAll(async () => {
    w = await sealWorld(sqlBackends[0]!);
    pdf = await makePdf(2);
  });
  afterAll(async () => {
    await w.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const request = (seal: Seal, over: Partial<StampRequest> = {}): StampRequest => ({
    sealId: seal.id, pdf, at: { page: 1, x: 450, y: 150 }, reason: '合同签订', session: w.strong(), ...over,
  });
  const uses = async (seal: Seal) => (await w.deps.grants.uses(seal.id)).length;

  for (const container of ['ses', 'cms'] as const) it(`a granted clerk with a fresh OTP session stamps; the PDF and its SES signature verify (${container} container)`, async () => {
    const seal = await w.grantedSeal();
    const out = await stampDocument(w.deps, request(seal, { container }), { accountId: ids.clerk, clientIp: '10.0.0.1' });
    expect(out.pdf.subarray(0, pdf.length).equals(pdf)).toBe(true);
    expect(out.use).toMatchObject({ sealId: seal.id, accountId: ids.clerk, reason: '合同签订', fieldName: 'Signature1' });
    expect(out.use.documentSm3).toBe(Buffer.from(sm3(out.pdf)).toString('hex'));
    expect(await w.deps.grants.uses(seal.id)).toEqual([out.use]);
    const audit = (await w.audit.page(0, 100_000)).filter((r) => r.action === 'seal.use' && r.object === seal.id);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ documentSm3: out.use.documentSm3, sealCode: seal.code, reason: '合同签订' });
    expect(audit[0]!.actorId).toBe(ids.clerk);

    const report = await verifySealedPdf(w.verifyDeps, out.pdf);
    expect(report.indication).toBe('TOTAL_PASSED');
    const [s] = report.signatures;
    expect(s!.pdf.indication).toBe('TOTAL_PASSED');
    expect(s!.pdf.container).toBe(container);
    expect(s!.pdf.subFilter).toBe(container === 'ses' ? 'GB.T38540.SES' : 'adbe.pkcs7.detached');
    expect(s!.pdf.checks).toEqual({ byteRange: 'passed', digest: 'passed', signature: 'passed', certificateChain: 'passed' });
    expect(s!.ses!.checks.filter((c) => c.status !== 'passed').map((c) => c.id)).toEqual(['timestamp']);
    expect(s!.ses!.indication).toBe('TOTAL_PASSED');
    expect(s!.ses!.seal).toMatchObject({ esID: seal.code, name: seal.name });
    expect(s!.ses!.propertyInfo).toBe(`application/pdf;field=Signature1;byterange=${s!.pdf.byteRange!.join(',')}`);
    expect(s!.registry).toMatchObject({ status: 'passed', statusAtSigning: 'active', statusNow: 'active', sealId: seal.id });

    // One byte changed inside the signed range: HASH_FAILURE.
    const copy = Buffer.from(out.pdf);
    const at = copy.indexOf('595', 0, 'latin1');
    copy[at] = 0x36;
    const bad = await verifySealedPdf(w.verifyDeps, copy);
    expect(bad.signatures[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'HASH_FAILURE' });
    // Content appended after signing is reported as a modification.
    const appended = Buffer.concat([out.pdf, Buffer.from('\n1 0 obj\n(changed)\nendobj\n', 'latin1')]);
    expect((await verifySealedPdf(w.verifyDeps, appended)).signatures[0]!.modifiedAfterSigning).toBe(true);

    // A second stamp is an incremental update; both verify.
    w.clock.advance(MIN);
    const second = await stampDocument(w.deps, request(seal, { container, pdf: out.pdf, at: { page: 2, x: 300, y: 300 }, session: w.strong() }), { accountId: ids.clerk });
    const both = await verifySealedPdf(w.verifyDeps, second.pdf);
    expect(both.signatures.map((x) => [x.fieldName, x.indication, x.modifiedAfterSigning])).toEqual([['Signature1', 'TOTAL_PASSED', false], ['Signature2', 'TOTAL_PASSED', false]]);
    writeFileSync(join(dir, `stamped-${container}.pdf`), second.pdf);
  });

  for (const container of ['ses', 'cms'] as const) it.skipIf(noOpenssl)(`the SESeal and SES_Signature inside verify with the OpenSSL CLI over the exact byte slices (${container} container)`, async () => {
    const seal = await w.grantedSeal(container === 'ses' ? 'official' : 'finance');
    const out = await stampDocument(w.deps, request(seal, { container, session: w.strong() }), { accountId: ids.clerk });
    const [r] = verifyPdfSignatures(out.pdf, { anchors: [w.root] });
    const der = container === 'ses' ? r!.sesSignature! : r!.unsignedAttributes.get(SES_SIGNATURE_ATTRIBUTE_OID)![0]!;
    if (container === 'ses') {
      // The container is the SES_Signature itself, right at the start of /Contents.
      expect(out.pdf.subarray(r!.byteRange![1] + 1, r!.byteRange![1] + 1 + 2 * der.length).toString('latin1')).toBe(Buffer.from(der).toString('hex').toUpperCase());
      expect(SES_Signature.decode(der).toSign.propertyInfo).toBe(`application/pdf;field=Signature1;byterange=${r!.byteRange!.join(',')}`);
    }
    const sig = SES_Signature.decode(der);
    const seal4 = sig.toSign.eseal;
    if (seal4.version !== 4) throw new Error('expected v4');
    // The slices are the bytes inside the PDF, not a re-encoding.
    expect(Buffer.from(out.pdf).toString('latin1').toLowerCase().indexOf(Buffer.from(sig.toSign.der).toString('hex'))).toBeGreaterThan(0);
    expect(sig.toSign.dataHash).toEqual(byteRangeDigest(out.pdf, r!.byteRange!));
    const verifies = (certDer: Uint8Array, data: Uint8Array, signature: Uint8Array) => {
      writeFileSync(join(dir, 'cert.der'), certDer);
      writeFileSync(join(dir, 'pub.pem'), execFileSync(OPENSSL, ['x509', '-inform', 'DER', '-in', join(dir, 'cert.der'), '-pubkey', '-noout']));
      writeFileSync(join(dir, 'data.bin'), data);
      writeFileSync(join(dir, 'sig.der'), encodeSignature(decodeSignature(signature)));
      const res = spawnSync(OPENSSL, ['dgst', '-sm3', '-verify', join(dir, 'pub.pem'), '-sigopt', 'distid:1234567812345678', '-signature', join(dir, 'sig.der'), join(dir, 'data.bin')], { encoding: 'utf8' });
      return res.status === 0 && res.stdout.includes('Verified OK');
    };
    expect(verifies(seal4.cert, seal4.sealInfo.der, seal4.signedValue)).toBe(true);
    expect(verifies(sig.cert, sig.toSign.der, sig.signature)).toBe(true);
    expect(sig.cert).toEqual(seal.certificate);
    const tampered = Uint8Array.from(sig.toSign.der);
    tampered[tampered.length - 1]! ^= 1;
    expect(verifies(sig.cert, tampered, sig.signature)).toBe(false);
  });

  it.skipIf(noPoppler)('pdfsig lists the signatures and pdftoppm shows the red seal on the page', async () => {
    for (const container of ['ses', 'cms']) {
      const list = spawnSync('pdfsig', [join(dir, `stamped-${container}.pdf`)], { encoding: 'utf8' });
      expect(list.stdout).toContain('Signature #1');
      expect(list.stdout).toContain('Signature #2');
    }
    execFileSync('pdftoppm', ['-png', '-r', '72', '-f', '1', '-l', '1', join(dir, 'stamped-ses.pdf'), join(dir, 'page')]);
    const page = decodePng(new Uint8Array(execFileSync('cat', [join(dir, 'page-1.png')])));
    // Pixels of the seal area (centre 450,150 in points → 72 dpi pixels, y from the top).
    let red = 0;
    for (let y = 842 - 150 - 50; y < 842 - 150 + 50; y++) {
      for (let x = 400; x < 500; x++) {
        const i = (y * page.width + x) * 3;
        if (page.rgb[i]! > 180 && page.rgb[i + 1]! < 120 && page.rgb[i + 2]! < 120) red++;
      }
    }
    expect(red).toBeGreaterThan(300);
  });

  for (const container of ['ses', 'cms'] as const) it(`a cross-page seal over 4 pages is one signature that verifies, with a strip at the right edge of every page (${container} container)`, async () => {
    const seal = await w.grantedSeal();
    const doc = await makePdf(4);
    const out = await stampDocument(w.deps, request(seal, { pdf: doc, at: { crossPage: { y: 400 } }, container, session: w.strong() }), { accountId: ids.clerk });
    const report = await verifySealedPdf(w.verifyDeps, out.pdf);
    expect(report.indication).toBe('TOTAL_PASSED');
    expect(report.signatures).toHaveLength(1);
    const parsed = PdfDocument.load(out.pdf);
    const h = seal.heightMm * 72 / 25.4;
    for (let page = 1; page <= 4; page++) {
      const annots = parsed.resolve(parsed.resolveDict(findPage(parsed, page).ref)!.entries.get('Annots')) as unknown[];
      const [x1, y1, x2, y2] = parsed.resolveDict(annots[0] as never)!.entries.get('Rect') as number[];
      expect(x2).toBe(595);
      // Numbers are written with four decimals.
      expect(x1).toBeCloseTo(595 - seal.widthMm * 72 / 25.4 / 4, 3);
      expect(y1).toBeCloseTo(400 - h / 2, 3);
      expect(y2).toBeCloseTo(400 + h / 2, 3);
    }
    const audit = (await w.audit.page(0, 100_000)).filter((r) => r.action === 'seal.use' && r.object === seal.id).at(-1)!;
    expect(JSON.parse(audit.details)).toMatchObject({ crossPage: true, fieldName: 'Signature1' });
  });

  it('a cross-page seal on a one-page PDF is ERR_CROSS_PAGE_TOO_FEW_PAGES; off the page or ill-formed is refused too; none records a use', async () => {
    const seal = await w.grantedSeal();
    const stamp = (over: Partial<StampRequest>) => code(stampDocument(w.deps, request(seal, { session: w.strong(), ...over }), { accountId: ids.clerk }));
    const before = await uses(seal);
    expect(await stamp({ pdf: await makePdf(1), at: { crossPage: { y: 400 } } })).toBe('ERR_CROSS_PAGE_TOO_FEW_PAGES');
    expect(await stamp({ at: { crossPage: { y: 830 } } })).toBe('ERR_PLACEMENT_INVALID');
    expect(await stamp({ at: { crossPage: { y: Number.NaN } } })).toBe('ERR_VALIDATION');
    expect(await stamp({ at: { crossPage: null } as never })).toBe('ERR_VALIDATION');
    expect(await stamp({ at: { crossPage: { y: 400 }, page: 1 } as never })).toBe('ERR_VALIDATION');
    expect(await uses(seal)).toBe(before);
  });

  it('places the seal on a keyword of the page text, kept on the page; an absent keyword is ERR_KEYWORD_NOT_FOUND and records no use', async () => {
    const seal = await w.grantedSeal();
    const doc = await makePdf(3, { text: 'Agreement' });
    const out = await stampDocument(w.deps, request(seal, { pdf: doc, at: { keyword: 'page 2' }, session: w.strong() }), { accountId: ids.clerk });
    const report = await verifySealedPdf(w.verifyDeps, out.pdf);
    expect(report.indication).toBe('TOTAL_PASSED');
    // The widget is centred on the text (14-point Helvetica at y = 780 on page 2), inside the page.
    const text = out.pdf.toString('latin1', doc.length);
    const rect = /\/Rect \[([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)\]/.exec(text)!.slice(1).map(Number);
    expect(rect[3]).toBeLessThanOrEqual(842);
    expect((rect[1]! + rect[3]!) / 2).toBeGreaterThan(780);
    expect((rect[1]! + rect[3]!) / 2).toBeLessThan(790);
    expect(verifyPdfSignatures(out.pdf, { anchors: [w.root] })[0]!.fieldName).toBe('Signature1');
    expect(/\/P (\d+) 0 R/.exec(text)![1]).toBe(String(findPageRef(doc, 2)));
    expect((rect[0]! + rect[2]!) / 2).toBeGreaterThan(150);
    expect((rect[0]! + rect[2]!) / 2).toBeLessThan(200);
    const before = await uses(seal);
    expect(await code(stampDocument(w.deps, request(seal, { pdf: doc, at: { keyword: '盖章处' }, session: w.strong() }), { accountId: ids.clerk }))).toBe('ERR_KEYWORD_NOT_FOUND');
    expect(await code(stampDocument(w.deps, request(seal, { pdf: doc, at: { keyword: 'page 2', page: 1 }, session: w.strong() }), { accountId: ids.clerk }))).toBe('ERR_KEYWORD_NOT_FOUND');
    expect(await code(stampDocument(w.deps, request(seal, { pdf: doc, at: { keyword: ' ' }, session: w.strong() }), { accountId: ids.clerk }))).toBe('ERR_VALIDATION');
    expect(await uses(seal)).toBe(before);
  });

  it('the generated image is red ink on a transparent background', async () => {
    const seal = await w.activeSeal('finance');
    const img = decodePng(seal.image!);
    expect(img.width).toBe(Math.round((40 / 25.4) * 300));
    expect(img.alpha).toBeDefined();
    let clear = 0;
    let red = 0;
    for (let p = 0; p < img.width * img.height; p++) {
      if (img.alpha![p] === 0) clear++;
      if (img.alpha![p] === 255 && img.rgb[p * 3]! > 200 && img.rgb[p * 3 + 1]! < 40 && img.rgb[p * 3 + 2]! < 60) red++;
    }
    expect(clear / (img.width * img.height)).toBeGreaterThan(0.5);
    expect(red).toBeGreaterThan(1000);
  });

  it('refusals, each with its code, record no use', async () => {
    const seal = await w.grantedSeal();
    const stamp = (accountId: string, over: Partial<StampRequest> = {}) => code(stampDocument(w.deps, request(seal, over), { accountId }));
    expect(await stamp(ids.finClerk)).toBe('ERR_SEAL_OTHER_ORGANISATION');
    expect(await stamp(ids.clerk2)).toBe('ERR_SEAL_NOT_GRANTED');
    // Step-up: judged by the acr (a second factor at any level, or L3+) and the age of the sign-in.
    const nowS = Math.floor(w.clock.now().getTime() / 1000);
    expect(await stamp(ids.clerk, { session: { acr: 'L2', amr: ['pwd'], authTime: nowS } })).toBe('ERR_STEP_UP_REQUIRED');
    expect(await stamp(ids.clerk, { session: { acr: 'L2-mfa', amr: ['pwd', 'otp'], authTime: nowS - 11 * 60 } })).toBe('ERR_STEP_UP_REQUIRED');
    expect(await stamp(ids.clerk, { session: { acr: 'L3', amr: ['face'], authTime: nowS - 60 } })).toBe('resolved');
    // The refusal names what to sign in again with (the RFC 9470 challenge is made from it).
    const refusal = await stampDocument(w.deps, request(seal, { session: { acr: 'L1', amr: ['pwd'], authTime: nowS } }), { accountId: ids.clerk }).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ code: 'ERR_STEP_UP_REQUIRED', details: { acrValues: ['L1-mfa'], maxAge: 600 } });
    // Bad documents and placements.
    expect(await stamp(ids.clerk, { pdf: Buffer.from('not a pdf') })).toBe('ERR_DOCUMENT_INVALID');
    const damaged = Buffer.from(pdf);
    damaged.write('xxxxxxx', damaged.lastIndexOf('startxref', undefined, 'latin1') + 10, 'latin1');
    expect(await stamp(ids.clerk, { pdf: damaged })).toBe('ERR_DOCUMENT_INVALID');
    expect(await stamp(ids.clerk, { at: { page: 9, x: 100, y: 100 } })).toBe('ERR_PLACEMENT_INVALID');
    expect(await stamp(ids.clerk, { at: { page: 1, x: 590, y: 100 } })).toBe('ERR_PLACEMENT_INVALID');
    expect(await stamp(ids.clerk, { reason: ' ' })).toBe('ERR_VALIDATION');
    expect(await stamp(ids.clerk, { sealId: 'seal_nope' })).toBe('ERR_NOT_FOUND');
    w.deps.settings.maxPdfBytes = 1000;
    try {
      expect(await stamp(ids.clerk)).toBe('ERR_PAYLOAD_TOO_LARGE');
    } finally {
      w.deps.settings.maxPdfBytes = 50 * 1024 * 1024;
    }
    expect(await uses(seal)).toBe(1);
    const denied = (await w.audit.page(0, 100_000)).filter((r) => r.action === 'seal.use' && r.object === seal.id && r.outcome !== 'success');
    expect(denied.map((r) => JSON.parse(r.details).error)).toContain('ERR_SEAL_NOT_GRANTED');

    // Suspended, revoked, expired.
    await suspendSeal(w.deps, { sealId: seal.id, reason: '核查' }, { accountId: ids.keeper });
    expect(await stamp(ids.clerk)).toBe('ERR_SEAL_SUSPENDED');
    await revokeSeal(w.deps, { sealId: seal.id, reason: '注销' }, { accountId: ids.keeper });
    expect(await stamp(ids.clerk)).toBe('ERR_SEAL_REVOKED');
    const other = await w.grantedSeal('finance');
    const saved = w.clock.now();
    w.clock.set(new Date(Date.parse(other.validEnd!) + MIN));
    try {
      expect(await code(stampDocument(w.deps, request(other, { session: w.strong() }), { accountId: ids.clerk }))).toBe('ERR_SEAL_EXPIRED');
    } finally {
      w.clock.set(saved);
    }
    expect(await uses(seal)).toBe(1);
    expect(await uses(other)).toBe(0);
  });

  it('grants: from the seal administrator, to the own organisation, ended or expired they stop working', async () => {
    const seal = await w.activeSeal();
    expect(await code(grantSeal(w.deps, { sealId: seal.id, accountId: ids.clerk }, { accountId: ids.clerk2 }))).toBe('ERR_FORBIDDEN');
    expect(await code(grantSeal(w.deps, { sealId: seal.id, accountId: ids.finClerk }, { accountId: ids.keeper }))).toBe('ERR_SEAL_OTHER_ORGANISATION');
    expect(await code(grantSeal(w.deps, { sealId: seal.id, accountId: ids.clerk, expiresAt: new Date(w.clock.now().getTime() - 1) }, { accountId: ids.keeper }))).toBe('ERR_VALIDATION');
    const g = await grantSeal(w.deps, { sealId: seal.id, accountId: ids.clerk, expiresAt: new Date(w.clock.now().getTime() + 60 * MIN) }, { accountId: ids.keeper });
    expect(await code(grantSeal(w.deps, { sealId: seal.id, accountId: ids.clerk }, { accountId: ids.keeper }))).toBe('ERR_CONFLICT');
    const g2 = await grantSeal(w.deps, { sealId: seal.id, accountId: ids.clerk2 }, { accountId: ids.keeper });
    expect(await code(stampDocument(w.deps, request(seal), { accountId: ids.clerk }))).toBe('resolved');
    // The grant expires.
    w.clock.advance(61 * MIN);
    expect(await code(stampDocument(w.deps, request(seal, { session: w.strong() }), { accountId: ids.clerk }))).toBe('ERR_SEAL_NOT_GRANTED');
    // The administrator ends the other grant.
    expect(await code(stampDocument(w.deps, request(seal, { session: w.strong() }), { accountId: ids.clerk2 }))).toBe('resolved');
    expect(await endSealGrant(w.deps, { grantId: g2.id }, { accountId: ids.keeper })).toEqual({ ended: true });
    expect(await endSealGrant(w.deps, { grantId: g2.id }, { accountId: ids.keeper })).toEqual({ ended: false });
    expect(await code(stampDocument(w.deps, request(seal, { session: w.strong() }), { accountId: ids.clerk2 }))).toBe('ERR_SEAL_NOT_GRANTED');
    expect(g.expiresAt).not.toBeNull();
    expect(await uses(seal)).toBe(2);
  });

  it('status at signing time: a seal revoked after signing leaves the signature valid; one revoked before does not', async () => {
    const seal = await w.grantedSeal();
    w.clock.advance(10 * MIN);
    const signedAt = w.clock.now();
    const out = await stampDocument(w.deps, request(seal), { accountId: ids.clerk });
    w.clock.advance(10 * MIN);
    await revokeSeal(w.deps, { sealId: seal.id, reason: '印章更换', revocationReason: 'superseded' }, { accountId: ids.keeper });
    const after = await verifySealedPdf(w.verifyDeps, out.pdf);
    expect(after.indication).toBe('TOTAL_PASSED');
    expect(after.signatures[0]!.registry).toMatchObject({ status: 'passed', statusAtSigning: 'active', statusNow: 'revoked' });

    // A second seal, revoked (by the clock) before the moment it signed.
    const early = await w.grantedSeal();
    w.clock.advance(10 * MIN);
    const out2 = await stampDocument(w.deps, request(early, { session: w.strong() }), { accountId: ids.clerk });
    w.clock.advance(-5 * MIN);
    await revokeSeal(w.deps, { sealId: early.id, reason: '密钥泄露', revocationReason: 'key_compromise' }, { accountId: ids.keeper });
    w.clock.advance(5 * MIN);
    const before = await verifySealedPdf(w.verifyDeps, out2.pdf);
    expect(before.signatures[0]).toMatchObject({ indication: 'TOTAL_FAILED', subIndication: 'REVOKED' });
    expect(before.signatures[0]!.registry).toMatchObject({ status: 'failed', statusAtSigning: 'revoked' });
    expect(signedAt.getTime()).toBeLessThan(w.clock.now().getTime());
  });

  it('cannot confirm when the registry cannot answer', async () => {
    const seal = await w.grantedSeal();
    const out = await stampDocument(w.deps, request(seal, { session: w.strong() }), { accountId: ids.clerk });
    const { AppError } = await import('../../../src/domain/errors.ts');
    const down = { ...w.verifyDeps, seals: { findByCode: () => Promise.reject(new AppError('ERR_STORE_UNAVAILABLE', 'down')), events: () => Promise.resolve([]) } };
    const r = await verifySealedPdf(down, out.pdf);
    expect(r.signatures[0]).toMatchObject({ indication: 'INDETERMINATE', subIndication: 'TRY_LATER' });
    expect(await code(verifySealedPdf(w.verifyDeps, Buffer.from('plain text')))).toBe('ERR_DOCUMENT_INVALID');
  });
});
