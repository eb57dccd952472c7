// Issuance end to end over every SQL backend: the sealed PDF verifies, the SES signature over
// the canonical content verifies, pdftotext gives the Chinese exactly, pdftoppm renders the QR
// code module for module as the matrix of the verification URL (and a decoder, when installed,
// reads the URL back); idempotent retries, concurrent retries, and rollback on failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySesSignature } from '../../../src/crypto/ses/index.ts';
import { isAppError } from '../../../src/domain/errors.ts';
import { isValidLicenceIdentifier, parseLicenceIdentifier } from '../../../src/domain/licence-identifier.ts';
import type { LicenceContent } from '../../../src/domain/licence.ts';
import { verifyPdfSignatures } from '../../../src/pdf/verify.ts';
import { issueLicence } from '../../../src/services/licences/issue-licence.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { skipWithout } from '../../support/tools.ts';
import { BUSINESS, businessData, counts, ISSUER, makeLicenceKit, OPERATIONS, PUBLIC_URL } from './licence-kit.ts';
import type { LicenceKit } from './licence-kit.ts';

const STAFF = { id: 's_clerk', kind: 'staff' } as const;
const noPoppler = skipWithout('issued licences read back by pdftotext and rendered by pdftoppm', 'pdftotext', 'pdftoppm');
const dir = mkdtempSync(join(tmpdir(), 'yinxin-licence-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** pdftotext of page 1, or of a box on it given in millimetres from the top-left. */
function pdftotext(pdf: Uint8Array, box?: { x: number; y: number; w: number; h: number }): string {
  const file = join(dir, `t-${Math.random()}.pdf`);
  writeFileSync(file, pdf);
  const pt = (mm: number) => String(Math.round((mm / 25.4) * 72));
  const crop = box === undefined ? [] : ['-r', '72', '-x', pt(box.x), '-y', pt(box.y), '-W', pt(box.w), '-H', pt(box.h)];
  return execFileSync('pdftotext', ['-enc', 'UTF-8', ...crop, file, '-'], { encoding: 'utf8' });
}

/** Renders page 1 as a greyscale PGM at `dpi`; returns width, height and pixels. */
function renderPage(pdf: Uint8Array, dpi: number): { width: number; height: number; px: Uint8Array } {
  const file = join(dir, `r-${Math.random()}.pdf`);
  writeFileSync(file, pdf);
  const out = execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-f', '1', '-l', '1', file], { maxBuffer: 64 * 1024 * 1024 });
  // Binary PGM: "P5\n<w> <h>\n255\n" then the pixels.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(out.subarray(0, 40).toString('latin1'))!;
  return { width: Number(header[1]), height: Number(header[2]), px: new Uint8Array(out.subarray(header[0].length)) };
}

function anyQrDecoder(): string | null {
  return spawnSync('zbarimg', ['--version']).status === 0 ? 'zbarimg' : null;
}

describe.each(sqlBackends)('issuing licences on $name', (backend) => {
  let db: Awaited<ReturnType<typeof backend.open>>;
  let kit: LicenceKit;
  beforeAll(async () => {
    db = await backend.open();
    kit = await makeLicenceKit(db.knex);
  });
  afterAll(async () => db.cleanup());

  it('issues a business licence whose PDF seal, content signature and audit entry check out', async () => {
    const issued = await issueLicence(kit.deps, { typeCode: BUSINESS, issuer: ISSUER, data: businessData() }, STAFF);
    const l = issued.licence;
    expect(isValidLicenceIdentifier(l.identifier)).toBe(true);
    const parsed = parseLicenceIdentifier(l.identifier);
    expect(parsed).toMatchObject({ typeCode: BUSINESS, issuerCode: ISSUER.code, version: 1 });
    expect(parsed.serial).toMatch(/^[0-9A-Z]{16}$/);
    expect(l.handle).toMatch(/^[0-9A-Z]{16}$/);
    expect(issued.verificationUrl).toBe(`${PUBLIC_URL}/v/${l.handle}`);
    expect(l).toMatchObject({ status: 'valid', validFrom: '2026-03-01', validUntil: null, holderKind: 'legal_person', holderNameMasked: '杭州某某科技有限公司' });

    const pdf = (await kit.deps.store.transaction((tx) => tx.blobs.get(issued.blobKeys.pdf)))!.bytes;
    const signature = (await kit.deps.store.transaction((tx) => tx.blobs.get(issued.blobKeys.signature)))!.bytes;
    const content = (await kit.deps.store.transaction((tx) => tx.blobs.get(issued.blobKeys.content)))!.bytes;

    // The PDF seal.
    const results = verifyPdfSignatures(pdf, { anchors: [kit.pki.root.cert.der], validationTime: new Date('2026-03-01T03:00:00Z') });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ indication: 'TOTAL_PASSED', fieldName: 'LicenceSeal', modifiedAfterSigning: false });

    // The data signature over the canonical content.
    const ses = verifySesSignature({ signature, data: content, anchors: [kit.pki.root.cert.der], intermediates: [kit.pki.sealCa.cert.der], at: new Date('2026-03-02T00:00:00Z') });
    expect(ses.indication).toBe('TOTAL_PASSED');
    expect(ses.propertyInfo).toBe(`licence:${l.identifier}`);
    const c = JSON.parse(new TextDecoder().decode(content)) as LicenceContent;
    expect(c).toMatchObject({ identifier: l.identifier, issuer: ISSUER, holder: { kind: 'legal_person', idType: '001', idNumber: '91330100MA2A00001M', name: '杭州某某科技有限公司' } });
    // Tampering with one character of the content breaks it.
    const tampered = new TextEncoder().encode(new TextDecoder().decode(content).replace('张三丰', '李四光'));
    expect(verifySesSignature({ signature, data: tampered, anchors: [kit.pki.root.cert.der], intermediates: [kit.pki.sealCa.cert.der] }).indication).toBe('TOTAL_FAILED');

    const audit = await kit.audit.page(0, 100);
    expect(audit.filter((a) => a.action === 'licence.issue' && a.object === l.identifier && a.outcome === 'success')).toHaveLength(1);
  });

  it.skipIf(noPoppler)('issues a business licence whose text and QR code read back from the PDF', async () => {
    const issued = await issueLicence(kit.deps, { typeCode: BUSINESS, issuer: ISSUER, data: businessData() }, STAFF);
    const l = issued.licence;
    const pdf = (await kit.deps.store.transaction((tx) => tx.blobs.get(issued.blobKeys.pdf)))!.bytes;
    // The Chinese text, exactly.
    const text = pdftotext(pdf);
    console.log(`pdftotext of the issued business licence:\n${text}`);
    for (const s of ['营业执照', '统一社会信用代码', '91330100MA2A00001M', '杭州某某科技有限公司', '有限责任公司（自然人投资或控股）', '张三丰',
      '人民币壹佰万元整', '2020年05月01日', '2026年03月01日 至 长期', '浙江省杭州市西湖区文三路100号', '杭州市西湖区市场监督管理局', l.identifier]) {
      expect(text).toContain(s);
    }
    // The business scope wraps over lines in its own column: read that column alone.
    const scope = pdftotext(pdf, { x: 28, y: 112, w: 116, h: 50 });
    expect(scope.replace(/\s+/g, '')).toBe('经营范围一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发。');

    // The QR code as rendered: every module where the URL's matrix puts it.
    const dpi = 300;
    const page = renderPage(pdf, dpi);
    expect(page.width).toBe(Math.round((297 / 25.4) * dpi));
    const template = kit.deps.templates.get(BUSINESS)!;
    const qr = QRCode.create(issued.verificationUrl, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    const module = (template.layout.qr.size / (n + 8) / 25.4) * dpi;
    const left = (template.layout.qr.x / 25.4) * dpi + 4 * module;
    const top = (template.layout.qr.y / 25.4) * dpi + 4 * module;
    let mismatches = 0;
    for (let r = 0; r < n; r++) {
      for (let col = 0; col < n; col++) {
        const x = Math.round(left + (col + 0.5) * module);
        const y = Math.round(top + (r + 0.5) * module);
        const dark = page.px[y * page.width + x]! < 128;
        if (dark !== (qr.modules.get(r, col) === 1)) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
    // The quiet zone is white.
    expect(page.px[Math.round(top - 2 * module) * page.width + Math.round(left + module)]).toBeGreaterThan(200);
    if (anyQrDecoder() !== null) {
      const img = join(dir, 'qr');
      writeFileSync(`${img}.pdf`, pdf);
      execFileSync('pdftoppm', ['-r', '200', '-png', '-singlefile', `${img}.pdf`, img]);
      expect(execFileSync('zbarimg', ['--raw', '-q', `${img}.png`], { encoding: 'utf8' }).trim()).toBe(issued.verificationUrl);
    }
    // No personal data in the QR code's URL.
    expect(issued.verificationUrl).not.toMatch(/9133|张|杭州/);

  });

  it('issues a qualification certificate with a photo and a 6-year validity', async () => {
    const photo = readFileSync(new URL('../../../node_modules/@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf.png', import.meta.url)).toString('base64');
    const issued = await issueLicence(kit.deps, {
      typeCode: OPERATIONS, issuer: ISSUER, validFrom: '2026-03-01',
      data: { name: '王小明', gender: '男', idNumber: '11010519491231002X', operationCategory: '电工作业', operationItem: '低压电工作业', firstIssuedOn: '2020-03-01', photo },
    }, STAFF);
    expect(issued.licence).toMatchObject({ validUntil: '2032-02-29', holderKind: 'citizen', holderNameMasked: '王*明' });
    const pdf = (await kit.deps.store.transaction((tx) => tx.blobs.get(issued.blobKeys.pdf)))!.bytes;
    // Its text, where poppler is installed (its absence is announced once, at the top).
    if (noPoppler) return;
    const text = pdftotext(pdf);
    for (const s of ['特种作业操作证', '王小明', '11010519491231002X', '电工作业', '低压电工作业', '2026年03月01日 至 2032年02月29日']) expect(text).toContain(s);
    expect(verifyPdfSignatures(pdf, { anchors: [kit.pki.root.cert.der], validationTime: new Date('2026-03-01T03:00:00Z') })[0]!.indication).toBe('TOTAL_PASSED');
  });

  it('rejects bad input with field-level codes and writes nothing', async () => {
    const before = await counts(db.knex);
    const fails = async (input: Parameters<typeof issueLicence>[1]) => {
      try {
        await issueLicence(kit.deps, input, STAFF);
      } catch (e) {
        expect(isAppError(e)).toBe(true);
        return { code: (e as { code: string }).code, issues: ((e as { details: { issues: { path: string[]; code: string }[] } }).details.issues).map((i) => `${i.path.join('.')}:${i.code}`) };
      }
      throw new Error('expected a failure');
    };
    expect(await fails({ typeCode: '11100000000013338W999', issuer: ISSUER, data: businessData() })).toEqual({ code: 'ERR_VALIDATION', issues: ['typeCode:unknown_template'] });
    expect((await fails({ typeCode: BUSINESS, issuer: ISSUER, data: businessData({ creditCode: '91330100MA2A00001N', name: '', extra: 'x', establishedOn: '2020-02-30', entityType: '公司' }) })).issues.sort())
      .toEqual(['data.creditCode:check_digit', 'data.entityType:not_an_option', 'data.establishedOn:bad_date', 'data.extra:unknown_field', 'data.name:required']);
    expect(await fails({ typeCode: BUSINESS, issuer: { code: '11330105002500287D', name: 'x' }, data: businessData() })).toEqual({ code: 'ERR_VALIDATION', issues: ['issuer.code:check_digit'] });
    expect(await fails({ typeCode: BUSINESS, issuer: { code: '11430000006122244L', name: '另一部门' }, data: businessData() })).toEqual({ code: 'ERR_VALIDATION', issues: ['issuer.code:no_licence_seal'] });
    expect((await fails({ typeCode: OPERATIONS, issuer: ISSUER, data: { name: '王小明', gender: '男', idNumber: '110105194912310021', operationCategory: '电工作业', operationItem: '低压电工作业', firstIssuedOn: '2020-03-01', photo: 'iVBORw0KGgo=' } })).issues)
      .toEqual(['data.idNumber:check_digit']);
    expect(await fails({ typeCode: BUSINESS, issuer: ISSUER, data: businessData({ operatingUntil: '2026-02-01' }) })).toEqual({ code: 'ERR_VALIDATION', issues: ['data.operatingUntil:ends_before_start'] });
    expect(await counts(db.knex)).toEqual(before);
  });

  it('returns the same licence for a retry with the same key, and refuses the key for another request', async () => {
    const input = { typeCode: BUSINESS, issuer: ISSUER, data: businessData({ name: '杭州重试科技有限公司' }), idempotencyKey: 'retry-key-0001' };
    const first = await issueLicence(kit.deps, input, STAFF);
    const again = await issueLicence(kit.deps, input, STAFF);
    expect(again.replayed).toBe(true);
    expect(again.licence.identifier).toBe(first.licence.identifier);
    await expect(issueLicence(kit.deps, { ...input, data: businessData({ name: '杭州别的科技有限公司' }) }, STAFF)).rejects.toMatchObject({ code: 'ERR_LICENCE_KEY_REUSED' });
    expect(await db.knex('licences').where('idempotency_key', 'retry-key-0001').count({ n: '*' })).toEqual([{ n: 1 }]);
  });

  it('issues once under concurrent retries with the same key', async () => {
    const input = { typeCode: BUSINESS, issuer: ISSUER, data: businessData({ name: '杭州并发科技有限公司' }), idempotencyKey: 'concurrent-key-0001' };
    const before = await counts(db.knex);
    const results = await Promise.all(Array.from({ length: 6 }, () => issueLicence(kit.deps, input, STAFF)));
    expect(new Set(results.map((r) => r.licence.identifier)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const after = await counts(db.knex);
    expect(after.licences - before.licences).toBe(1);
    expect(after.blobs - before.blobs).toBe(4); // content, signature, PDF, OFD
    expect(after.audit - before.audit).toBe(1);
  });

  it('leaves no record, no file and no success audit entry when a step fails midway', async () => {
    const before = await counts(db.knex);
    // The blob write of the PDF fails after the licence row and two blobs were written in the transaction.
    const store = kit.deps.store;
    const failing = {
      ...store, findById: store.findById.bind(store), findByIdempotencyKey: store.findByIdempotencyKey.bind(store), discard: store.discard.bind(store),
      transaction: <T>(work: Parameters<typeof store.transaction>[0]) => store.transaction((tx) => work({
        ...tx, insert: tx.insert.bind(tx), addEvent: tx.addEvent.bind(tx), setStatus: tx.setStatus.bind(tx), findById: tx.findById.bind(tx), events: tx.events.bind(tx),
        blobs: {
          put: async (key: string, type: string, bytes: Uint8Array) => {
            if (key.endsWith('.pdf')) throw new Error('disk full');
            return tx.blobs.put(key, type, bytes);
          },
          get: tx.blobs.get.bind(tx.blobs), delete: tx.blobs.delete.bind(tx.blobs),
        },
      }) as Promise<T>),
    } as typeof store;
    await expect(issueLicence({ ...kit.deps, store: failing }, { typeCode: BUSINESS, issuer: ISSUER, data: businessData({ name: '杭州失败科技有限公司' }), idempotencyKey: 'fail-key-00001' }, STAFF)).rejects.toThrow('disk full');
    expect(await counts(db.knex)).toEqual(before);

    // The audit log fails after the commit: the licence is removed again.
    const brokenAudit = { append: async () => { throw new Error('audit store down'); } } as unknown as typeof kit.deps.audit;
    await expect(issueLicence({ ...kit.deps, audit: brokenAudit }, { typeCode: BUSINESS, issuer: ISSUER, data: businessData({ name: '杭州失败科技有限公司' }), idempotencyKey: 'fail-key-00002' }, STAFF)).rejects.toThrow('audit store down');
    expect(await counts(db.knex)).toEqual(before);

    // Signing fails (the seal is outside its validity): nothing written either.
    kit.clock.set('2027-07-01T00:00:00Z');
    try {
      await expect(issueLicence(kit.deps, { typeCode: BUSINESS, issuer: ISSUER, data: businessData() }, STAFF)).rejects.toMatchObject({ code: 'ERR_VALIDATION', details: { issues: [{ code: 'licence_seal_unusable' }] } });
    } finally {
      kit.clock.set('2026-03-01T02:00:00Z');
    }
    expect(await counts(db.knex)).toEqual(before);
  });
});
