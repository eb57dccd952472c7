// Stamping OFD files through the seal use case, as PDFs are: by coordinates (mm from the page's
// top-left), by a keyword in the page text, across pages (骑缝章: one signature, one strip of the
// seal per page), and two seals in turn with both valid after the second. Each stamped file is
// verified by yinxin (and by the public verdict, which names a changed file), and each SES
// signature and its seal maker's signature, sliced from the file, verify with the OpenSSL CLI.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childrenNamed, parseXml } from '../../src/crypto/ofd/xml-reader.ts';
import { openZip } from '../../src/crypto/ofd/zip-reader.ts';
import { SES_Signature } from '../../src/crypto/ses/SES_Signature.ts';
import { sm3 } from '../../src/crypto/sm3.ts';
import { zipEntries } from '../../src/ofd/package.ts';
import type { Seal } from '../../src/domain/seal.ts';
import { stampDocument } from '../../src/services/seals/stamp-document.ts';
import type { StampRequest } from '../../src/services/seals/stamp-document.ts';
import { verifySealedOfd } from '../../src/services/seals/verify-sealed-ofd.ts';
import { verifyUpload } from '../../src/services/verification/verify-upload.ts';
import { sqlBackends } from '../support/sql-backends.ts';
import { skipWithout } from '../support/tools.ts';
import { ids } from '../services/seals/seal-fixture.ts';
import type { SealWorld } from '../services/seals/seal-fixture.ts';
import { PUBLIC, verificationWorld } from '../services/verification/verification-world.ts';
import type { VerificationWorld } from '../services/verification/verification-world.ts';
import { makeOfd, makeOfdWith } from './ofd-fixtures.ts';

const OPENSSL = '/usr/bin/openssl';
const noOpenssl = skipWithout('each SES signature of a stamped OFD verified by the OpenSSL CLI', 'openssl');

/** `openssl dgst -sm3 -verify` with the default SM2 ID (distid 1234567812345678). */
function opensslVerifies(certDer: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'ofd-stamp-'));
  try {
    writeFileSync(join(dir, 'cert.der'), certDer);
    writeFileSync(join(dir, 'pub.pem'), execFileSync(OPENSSL, ['x509', '-inform', 'DER', '-in', join(dir, 'cert.der'), '-pubkey', '-noout']));
    writeFileSync(join(dir, 'data.bin'), data);
    writeFileSync(join(dir, 'sig.der'), signature);
    const r = spawnSync(OPENSSL, ['dgst', '-sm3', '-verify', join(dir, 'pub.pem'), '-sigopt', 'distid:1234567812345678', '-signature', join(dir, 'sig.der'), join(dir, 'data.bin')], { encoding: 'utf8' });
    return r.status === 0 && r.stdout.includes('Verified OK');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const code = (p: Promise<unknown>) => p.then(() => 'resolved', (e: { code?: string }) => e.code);

/** Every Signature.xml the file's signature list names, with its SignedValue.dat. */
function signaturesOf(ofd: Uint8Array): { xmlPath: string; xml: Uint8Array; ses: SES_Signature }[] {
  const zip = openZip(ofd);
  const list = parseXml(zip.read('Doc_0/Signs/Signatures.xml')!);
  return childrenNamed(list, 'Signature').map((s) => {
    const xmlPath = s.attributes.BaseLoc!.replace(/^\//, '');
    return { xmlPath, xml: zip.read(xmlPath)!, ses: SES_Signature.decode(zip.read(xmlPath.replace('Signature.xml', 'SignedValue.dat'))!) };
  });
}

function annotsOf(xml: Uint8Array): Record<string, string>[] {
  const info = childrenNamed(parseXml(xml), 'SignedInfo')[0]!;
  return childrenNamed(info, 'StampAnnot').map((a) => ({ ...a.attributes }));
}

/** The file with one entry's bytes changed (re-zipped, so the ZIP itself stays sound). */
function changeEntry(ofd: Uint8Array, path: string): Uint8Array {
  const zip = openZip(ofd);
  return zipEntries([...zip.entries.keys()].map((p) => {
    const bytes = Uint8Array.from(zip.read(p)!);
    if (p === path) bytes[bytes.length - 3]! ^= 0x01;
    return { path: p, bytes };
  }), new Date('2026-03-02T00:00:00Z'));
}

describe('stamping OFD files', () => {
  let v: VerificationWorld;
  let w: SealWorld;
  let seal: Seal;
  let second: Seal;
  beforeAll(async () => {
    v = await verificationWorld(sqlBackends[0]!);
    w = v.w;
    seal = await w.grantedSeal('contract');
    second = await w.grantedSeal('finance');
  }, 60_000);
  afterAll(async () => v.cleanup());

  const stamp = (s: Seal, ofd: Uint8Array, at: StampRequest['at']) =>
    stampDocument(w.deps, { sealId: s.id, pdf: Uint8Array.from(ofd), at, reason: '合同签订', session: w.strong() }, { accountId: ids.clerk });

  /** Every seal of the file passes in yinxin's verification, and the public verdict by upload is VALID. */
  async function expectAllValid(ofd: Uint8Array, n: number) {
    const report = await verifySealedOfd(w.verifyDeps, ofd);
    expect(report.signatures.map((s) => [s.indication, s.subIndication])).toEqual(Array.from({ length: n }, () => ['TOTAL_PASSED', undefined]));
    expect(report.indication).toBe('TOTAL_PASSED');
    const { verdict } = await verifyUpload(v.deps, ofd, PUBLIC);
    expect(verdict.result).toBe('VALID');
    expect(verdict.subject?.seals).toHaveLength(n);
    expect(verdict.checks.filter((c) => ['integrity', 'signature', 'issuer'].includes(c.check)).map((c) => c.outcome)).toEqual(Array.from({ length: n * 3 }, () => 'passed'));
    return report;
  }

  /** The SES_Signature and the seal maker's signature in it verify with OpenSSL. */
  function expectOpensslValid(ofd: Uint8Array) {
    for (const s of signaturesOf(ofd)) {
      expect(Buffer.from(s.ses.toSign.dataHash).equals(Buffer.from(sm3(s.xml)))).toBe(true);
      expect(s.ses.toSign.propertyInfo).toBe(`/${s.xmlPath}`);
      expect(opensslVerifies(s.ses.cert, s.ses.toSign.der, s.ses.signature)).toBe(true);
      const tampered = Uint8Array.from(s.ses.toSign.der);
      tampered[tampered.length - 1]! ^= 1;
      expect(opensslVerifies(s.ses.cert, tampered, s.ses.signature)).toBe(false);
      const es = s.ses.toSign.eseal;
      if (es.version !== 4) throw new Error('expected a v4 seal');
      expect(opensslVerifies(es.cert, es.sealInfo.der, es.signedValue)).toBe(true);
    }
  }

  it('by coordinates: the seal centred at the given mm on the given page; a file without a signature list gains one', async () => {
    const ofd = makeOfd(2);
    const out = await stamp(seal, ofd, { page: 2, x: 150, y: 240 });
    expect(out.kind).toBe('ofd');
    writeFileSync('test-artifacts/ofd-stamp-point.ofd', out.pdf);
    expect(out.use.documentSm3).toBe(Buffer.from(sm3(out.pdf)).toString('hex'));
    expect(out.use.fieldName).toBe('Doc_0/Signs/Sign_0/Signature.xml');
    const [s] = signaturesOf(out.pdf);
    const [annot] = annotsOf(s!.xml);
    const w0 = seal.widthMm;
    expect(annot!.Boundary).toBe([150 - w0 / 2, 240 - seal.heightMm / 2, w0, seal.heightMm].map((n) => String(Math.round(n * 1000) / 1000)).join(' '));
    const zip = openZip(out.pdf);
    const pages = childrenNamed(childrenNamed(parseXml(zip.read('Doc_0/Document.xml')!), 'Pages')[0]!, 'Page');
    expect(annot!.PageRef).toBe(pages[1]!.attributes.ID);
    expect(Buffer.from(zip.read('OFD.xml')!).toString()).toContain('<ofd:Signatures>/Doc_0/Signs/Signatures.xml</ofd:Signatures>');
    const report = await expectAllValid(out.pdf, 1);
    expect(report.notCovered).toEqual([]);
    expect(report.signatures[0]!.ofd.references.map((r) => r.path)).not.toContain('Doc_0/Signs/Signatures.xml');
    const audit = (await w.audit.page(0, 100_000)).filter((r) => r.action === 'seal.use' && r.object === seal.id).at(-1)!;
    expect(JSON.parse(audit.details)).toMatchObject({ kind: 'ofd', page: 2, documentSm3: out.use.documentSm3 });
    if (noOpenssl) return;
    expectOpensslValid(out.pdf);
  });

  it('by keyword: the seal centred on the text where the page shows it, computed from Boundary, X and DeltaX', async () => {
    const ofd = makeOfd(3, { keyword: { page: 3, text: '甲方（盖章处）：', x: 110, baseline: 200 } });
    const out = await stamp(seal, ofd, { keyword: '盖章处' });
    writeFileSync('test-artifacts/ofd-stamp-keyword.ofd', out.pdf);
    const [annot] = annotsOf(signaturesOf(out.pdf)[0]!.xml);
    const [x, y, bw, bh] = annot!.Boundary!.split(' ').map(Number);
    // 甲方（ are three 4.2 mm characters; 盖章处 the next three: centre 110 + 3 × 4.2 + 6.3.
    expect(x! + bw! / 2).toBeCloseTo(110 + 4.2 * 3 + 4.2 * 1.5, 2);
    expect(y! + bh! / 2).toBeCloseTo(200 - 4.2 * 0.38, 2);
    const pages = childrenNamed(childrenNamed(parseXml(openZip(out.pdf).read('Doc_0/Document.xml')!), 'Pages')[0]!, 'Page');
    expect(annot!.PageRef).toBe(pages[2]!.attributes.ID);
    await expectAllValid(out.pdf, 1);
    expect(await code(stamp(seal, ofd, { keyword: '不存在的字' }))).toBe('ERR_KEYWORD_NOT_FOUND');
    expect(await code(stamp(seal, ofd, { keyword: '盖章处', page: 1 }))).toBe('ERR_KEYWORD_NOT_FOUND');
    if (noOpenssl) return;
    expectOpensslValid(out.pdf);
  });

  it('by keyword cut across TextObjects, a word each, sized in points through a CTM: the seal centred on the words', async () => {
    const pt = 0.3528;
    const word = (id: number, x: number, text: string, delta: string) =>
      `<ofd:TextObject ID="${id}" Boundary="${x} 180 30 6" CTM="${pt} 0 0 ${pt} 0 0" Font="1" Size="12"><ofd:TextCode X="0" Y="12" DeltaX="${delta}">${text}</ofd:TextCode></ofd:TextObject>`;
    // 甲方 at x 100 and 盖章处 right after it (24 pt on), 12 pt characters on one baseline 12 pt below y 180.
    const ofd = makeOfdWith(word(100, 100, '甲方', '12') + word(101, 100 + 24 * pt, '盖章处', '12 12'));
    const out = await stamp(seal, ofd, { keyword: '方盖章' });
    writeFileSync('test-artifacts/ofd-stamp-keyword-split.ofd', out.pdf);
    const [annot] = annotsOf(signaturesOf(out.pdf)[0]!.xml);
    const [x, y, bw, bh] = annot!.Boundary!.split(' ').map(Number);
    // 方 starts 12 pt in, 章 ends 48 pt in: centre 30 pt; the glyphs' middle 0.38 of 12 pt above the baseline.
    expect(x! + bw! / 2).toBeCloseTo(100 + 30 * pt, 1);
    expect(y! + bh! / 2).toBeCloseTo(180 + 12 * pt - 12 * pt * 0.38, 1);
    const pages = childrenNamed(childrenNamed(parseXml(openZip(out.pdf).read('Doc_0/Document.xml')!), 'Pages')[0]!, 'Page');
    expect(annot!.PageRef).toBe(pages[0]!.attributes.ID);
    await expectAllValid(out.pdf, 1);
  });

  it('across pages: one signature, one StampAnnot per page, strip i of N at page i\'s right edge', async () => {
    const ofd = makeOfd(4);
    const out = await stamp(seal, ofd, { crossPage: { y: 150 } });
    writeFileSync('test-artifacts/ofd-stamp-cross.ofd', out.pdf);
    const sigs = signaturesOf(out.pdf);
    expect(sigs).toHaveLength(1);
    const annots = annotsOf(sigs[0]!.xml);
    expect(annots).toHaveLength(4);
    const strip = seal.widthMm / 4;
    annots.forEach((a, i) => {
      const [x, , bw] = a.Boundary!.split(' ').map(Number);
      const [cx, cy, cw] = a.Clip!.split(' ').map(Number);
      expect(bw).toBeCloseTo(seal.widthMm, 2);
      expect([cx, cy, cw]).toEqual([strip * i, 0, strip].map((n) => Math.round(n * 1000) / 1000));
      // The strip shown ends at the page's right edge (210 mm).
      expect(x! + cx! + cw!).toBeCloseTo(210, 2);
    });
    expect(new Set(annots.map((a) => a.PageRef)).size).toBe(4);
    await expectAllValid(out.pdf, 1);
    expect(await code(stamp(seal, makeOfd(1), { crossPage: { y: 150 } }))).toBe('ERR_CROSS_PAGE_TOO_FEW_PAGES');
    if (noOpenssl) return;
    expectOpensslValid(out.pdf);
  });

  it('two seals in turn: the second leaves the first valid; both verify, and one changed byte is named in the verdict', async () => {
    const first = await stamp(seal, makeOfd(2, { toBeSealed: true }), { page: 1, x: 60, y: 250 });
    const both = await stamp(second, first.pdf, { page: 2, x: 150, y: 250 });
    writeFileSync('test-artifacts/ofd-stamp-two.ofd', both.pdf);
    const sigs = signaturesOf(both.pdf);
    expect(sigs.map((s) => s.xmlPath)).toEqual(['Doc_0/Signs/Sign_0/Signature.xml', 'Doc_0/Signs/Sign_1/Signature.xml']);
    // The first seal's files are as they were.
    const before = openZip(first.pdf);
    const after = openZip(both.pdf);
    for (const p of before.entries.keys()) if (p !== 'Doc_0/Signs/Signatures.xml') expect(Buffer.from(after.read(p)!).equals(Buffer.from(before.read(p)!))).toBe(true);
    const report = await expectAllValid(both.pdf, 2);
    expect(report.signatures.map((s) => s.ofd.ses?.seal?.esID)).toEqual([seal.code, second.code]);
    // The second seal protects the first one's files; neither protects the signature list.
    const refs = report.signatures[1]!.ofd.references.map((r) => r.path);
    expect(refs).toContain('Doc_0/Signs/Sign_0/SignedValue.dat');
    expect(refs).not.toContain('Doc_0/Signs/Signatures.xml');
    if (!noOpenssl) expectOpensslValid(both.pdf);

    const changed = changeEntry(both.pdf, 'Doc_0/Pages/Page_1/Content.xml');
    const bad = await verifySealedOfd(w.verifyDeps, changed);
    expect(bad.signatures.map((s) => s.subIndication)).toEqual(['HASH_FAILURE', 'HASH_FAILURE']);
    const { verdict } = await verifyUpload(v.deps, changed, PUBLIC);
    expect(verdict.result).toBe('TAMPERED');
    const rows = verdict.checks.filter((c) => c.check === 'integrity');
    expect(rows.map((r) => r.code)).toEqual(['INTEGRITY_HASH_MISMATCH', 'INTEGRITY_HASH_MISMATCH']);
    for (const r of rows) {
      expect(r.files).toEqual(['Doc_0/Pages/Page_1/Content.xml']);
      expect(r.message.zh).toContain('Doc_0/Pages/Page_1/Content.xml');
      expect(r.message.en).toContain('Doc_0/Pages/Page_1/Content.xml');
    }
  });

  it('refuses the CMS container, a damaged package and a place off the page, recording no use', async () => {
    const ofd = makeOfd(2);
    const before = (await w.deps.grants.uses(seal.id)).length;
    expect(await code(stampDocument(w.deps, { sealId: seal.id, pdf: ofd, at: { page: 1, x: 50, y: 50 }, reason: 'x', session: w.strong(), container: 'cms' }, { accountId: ids.clerk }))).toBe('ERR_VALIDATION');
    expect(await code(stamp(seal, ofd, { page: 3, x: 50, y: 50 }))).toBe('ERR_PLACEMENT_INVALID');
    expect(await code(stamp(seal, ofd, { page: 1, x: 500, y: 50 }))).toBe('ERR_PLACEMENT_INVALID');
    const broken = Uint8Array.from(ofd);
    broken.fill(0, broken.length - 200);
    expect(await code(stamp(seal, broken, { page: 1, x: 50, y: 50 }))).toBe('ERR_OFD_INVALID');
    expect((await w.deps.grants.uses(seal.id)).length).toBe(before);
  });
});
