// Verdict rows that cannot lie: each row says what its own check established. The issuer is
// "trusted" only when the chain was built to a trust anchor; a content mismatch, a form we do
// not read and an unknown issuer are separate rows; a certificate expired since signing is a
// note on a valid signature. Checked on real verifier output: an ofdrw-style two-seal OFD by an
// unknown test CA, tampered PDFs (CMS and SES containers) and the KingGrid e-invoice.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { integer, sequence } from '../../../src/crypto/asn1/der-writer.ts';
import { SES_Signature } from '../../../src/crypto/ses/SES_Signature.ts';
import { openZip } from '../../../src/crypto/ofd/zip-reader.ts';
import { makeVerdict } from '../../../src/domain/verdict.ts';
import type { Verdict, VerdictCheck } from '../../../src/domain/verdict.ts';
import { messages } from '../../../src/http/views/i18n.ts';
import { verificationPage } from '../../../src/http/views/verification-page.ts';
import { sesContainer, stampPdf, stampPdfWith } from '../../../src/pdf/index.ts';
import { verifySealedOfd } from '../../../src/services/seals/verify-sealed-ofd.ts';
import { verifySealedPdf } from '../../../src/services/seals/verify-sealed-pdf.ts';
import { documentRows } from '../../../src/services/verification/verify-sealed-document.ts';
import type { SealReport } from '../../../src/services/verification/verify-sealed-document.ts';
import { NOW, SIGNED_AT, sealFor, withChain } from '../../crypto/ses/seal-kit.ts';
import { makePki } from '../../crypto/x509/pki.ts';
import { makePdf, sealPng } from '../../pdf/fixtures.ts';
import { sealDepsWithout, twoSealOfd } from './foreign-files.ts';

const platform = makePki();
const rect = [400, 50, 520, 170] as const;
const unknownCa = makePki();
const codes = (rows: readonly VerdictCheck[]) => rows.map((r) => r.code);
const perSeal = (rows: readonly VerdictCheck[]) => Array.from({ length: rows.length / 3 }, (_, i) => codes(rows.slice(i * 3, i * 3 + 3)));

function verdictOf(r: SealReport, now: Date): Verdict {
  return makeVerdict({ checks: documentRows(r, now).checks, subject: { kind: 'document', documentSm3: r.report.documentSm3, seals: [] }, checkedAt: now, statusAsOf: now });
}

async function ofdRows(ofd: Uint8Array, trustTheTestCa: boolean): Promise<{ rows: VerdictCheck[]; report: SealReport }> {
  const ca = await unknownCa;
  const anchors = trustTheTestCa ? [ca.root.cert.der] : [(await platform).root.cert.der];
  const report: SealReport = { kind: 'ofd', report: await verifySealedOfd(sealDepsWithout(anchors, ca.sealCa.cert.der, NOW), ofd) };
  return { rows: documentRows(report, NOW).checks, report };
}

describe('an ofdrw-style two-seal OFD by an unknown test CA', () => {
  it('the first seal: content changed (its Signatures.xml reference), issuer unknown, never "trusted"', async () => {
    const { rows, report } = await ofdRows(await twoSealOfd(await unknownCa), false);
    expect(perSeal(rows)).toEqual([
      ['INTEGRITY_HASH_MISMATCH', 'SIGNATURE_OK', 'ISSUER_UNKNOWN'],
      ['INTEGRITY_OK', 'SIGNATURE_OK', 'ISSUER_UNKNOWN'],
    ]);
    expect(codes(rows)).not.toContain('ISSUER_TRUSTED');
    if (report.kind !== 'ofd') throw new Error('expected an OFD report');
    // The worst sub-indication of the first seal is the hash failure; the chain was looked for too.
    expect(report.report.signatures[0]!.subIndication).toBe('HASH_FAILURE');
    expect(report.report.signatures[0]!.ofd.references.filter((r) => r.status !== 'match').map((r) => r.path)).toEqual(['Doc_0/Signs/Signatures.xml']);
    // The second seal's CheckMethod 1.2.156.10197.1.401.2 is read as SM3: its references match.
    expect(report.report.signatures[1]!.ofd.checks.find((c) => c.id === 'ofd-references')).toMatchObject({ status: 'passed', details: { checkMethod: '1.2.156.10197.1.401.2' } });
    expect(verdictOf(report, NOW).result).toBe('TAMPERED');
  });

  it('with that CA configured as an anchor the chains are built, and only then is the issuer trusted', async () => {
    const { rows, report } = await ofdRows(await twoSealOfd(await unknownCa), true);
    expect(perSeal(rows)).toEqual([
      ['INTEGRITY_HASH_MISMATCH', 'SIGNATURE_OK', 'ISSUER_TRUSTED'],
      ['INTEGRITY_OK', 'SIGNATURE_OK', 'ISSUER_TRUSTED'],
    ]);
    expect(verdictOf(report, NOW).result).toBe('TAMPERED');
  });

  it('a seal in a form we do not read: "cannot be checked" (amber), not "invalid" or "tampered" (red)', async () => {
    const unreadable = sequence(integer(4), integer(1));
    const { rows, report } = await ofdRows(await twoSealOfd(await unknownCa, { signedValue: unreadable }), true);
    expect(perSeal(rows)[0]).toEqual(['INTEGRITY_HASH_MISMATCH', 'SIGNATURE_CANNOT_CHECK', 'ISSUER_NOT_CHECKED']);

    // Alone (the second seal's files left as they were signed), the file cannot be checked.
    const single = await ofdRows(await oneSealOfd(unreadable), true);
    expect(perSeal(single.rows)).toEqual([['INTEGRITY_NOT_CHECKED', 'SIGNATURE_CANNOT_CHECK', 'ISSUER_NOT_CHECKED']]);
    const v = verdictOf(single.report, NOW);
    expect([v.result, v.colour, v.retryAfterSeconds]).toEqual(['CANNOT_CHECK', 'amber', null]);
    for (const lang of ['zh', 'en'] as const) {
      const html = verificationPage({ lang, t: messages(lang), large: false, title: '', here: '/verify' }, { verdict: v, receipt: null });
      expect(html).toContain('data-result="CANNOT_CHECK"');
      expect(html).toContain('verdict-amber');
      for (const word of ['已被篡改', '电子签章无效', 'Tampered', 'Altered', 'signature is invalid']) expect(html).not.toContain(word);
      expect(html).toContain(lang === 'zh' ? '无法核验' : 'Cannot be checked');
    }
    expect(report.report.documentSm3).toMatch(/^[0-9a-f]{64}$/);
  });
});

/** The first seal of the two-seal file alone: its Signatures.xml as it was when it was signed. */
async function oneSealOfd(signedValue: Uint8Array): Promise<Uint8Array> {
  const { writeZip } = await import('../../crypto/ofd/zip-writer.ts');
  const zip = openZip(await twoSealOfd(await unknownCa, { signedValue }));
  const keep = [...zip.entries.keys()].filter((n) => !n.startsWith('Doc_0/Signs/Sign_1/'));
  return writeZip(keep.map((name) => ({
    name,
    data: name === 'Doc_0/Signs/Signatures.xml' ? new TextEncoder().encode(new TextDecoder().decode(zip.read(name)!).replace(/<ofd:Signature ID="2"[^>]*\/>/, '').replace('<ofd:MaxSignId>2<', '<ofd:MaxSignId>1<')) : zip.read(name)!,
  })));
}

describe('tampered PDFs', () => {
  const image = sealPng();
  const flip = (pdf: Buffer): Buffer => {
    const copy = Buffer.from(pdf);
    const at = copy.indexOf('595', 0, 'latin1');
    copy[at] = 0x36;
    return copy;
  };

  it('a CMS signature whose digest fails: the chain was never built, so the issuer is not checked (was "trusted")', async () => {
    const pki = await platform;
    const signer = withChain(pki.seal, pki.sealCa);
    const out = await stampPdf(await makePdf(1), { page: 1, rect, image, signer, signingTime: SIGNED_AT, name: '张三' });
    const deps = sealDepsWithout([pki.root.cert.der], pki.sealCa.cert.der, NOW);
    const genuine: SealReport = { kind: 'pdf', report: await verifySealedPdf(deps, out.pdf) };
    expect(perSeal(documentRows(genuine, NOW).checks)).toEqual([['INTEGRITY_OK', 'SIGNATURE_OK', 'ISSUER_TRUSTED']]);
    const tampered: SealReport = { kind: 'pdf', report: await verifySealedPdf(deps, flip(out.pdf)) };
    expect(perSeal(documentRows(tampered, NOW).checks)).toEqual([['INTEGRITY_HASH_MISMATCH', 'SIGNATURE_OK', 'ISSUER_NOT_CHECKED']]);
    expect(verdictOf(tampered, NOW).result).toBe('TAMPERED');
  });

  it('an SES container by an unknown CA, tampered: content changed and issuer unknown, both shown', async () => {
    const ca = await unknownCa;
    const seal = await sealFor(ca);
    const out = await stampPdfWith(await makePdf(1), {
      page: 1, rect, image, signingTime: SIGNED_AT, name: '某市市场监督管理局', container: sesContainer({ seal, signer: withChain(ca.signer, ca.sealCa), time: SIGNED_AT }),
    });
    const strangers = sealDepsWithout([(await platform).root.cert.der], null, NOW);
    const tampered: SealReport = { kind: 'pdf', report: await verifySealedPdf(strangers, flip(out.pdf)) };
    expect(perSeal(documentRows(tampered, NOW).checks)).toEqual([['INTEGRITY_HASH_MISMATCH', 'SIGNATURE_OK', 'ISSUER_UNKNOWN']]);
    // Trusting that CA, the GB/T 38540 checks do build both chains, so "trusted" is true there.
    const trusting = sealDepsWithout([ca.root.cert.der], ca.sealCa.cert.der, NOW);
    const known: SealReport = { kind: 'pdf', report: await verifySealedPdf(trusting, flip(out.pdf)) };
    expect(perSeal(documentRows(known, NOW).checks)).toEqual([['INTEGRITY_HASH_MISMATCH', 'SIGNATURE_OK', 'ISSUER_TRUSTED']]);
  });
});

describe('a certificate expired since signing', () => {
  const FIXTURE = '/work/shared/fixtures/interop/kinggrid-einvoice-ses-v4.ofd';

  it('the KingGrid e-invoice verifies at its signing time, with a note that its maker certificate has expired since', async () => {
    const bytes = new Uint8Array(readFileSync(FIXTURE));
    // FOR THIS TEST ONLY the file's own two certificates are anchors (its CA is not at hand);
    // nothing in production takes anchors from the document under verification.
    const sig = SES_Signature.decode(openZip(bytes).read('Doc_0/Signs/Sign_0/SignedValue.dat')!);
    const seal = sig.toSign.eseal;
    if (seal.version !== 4) throw new Error('expected a v4 seal');
    const now = new Date('2026-01-01T00:00:00Z');
    const report: SealReport = { kind: 'ofd', report: await verifySealedOfd(sealDepsWithout([seal.cert, sig.cert], null, now), bytes) };
    const v = verdictOf(report, now);
    expect(v.result).toBe('VALID');
    const signature = v.checks.find((c) => c.check === 'signature')!;
    expect(signature.code).toBe('SIGNATURE_OK');
    expect(signature.notes).toEqual([expect.objectContaining({ code: 'SEAL_MAKER_CERT_EXPIRED_SINCE_SIGNING', since: '2025-02-17' })]);
    expect(signature.notes![0]!.message.zh).toContain('签章仍然有效');
    const html = verificationPage({ lang: 'zh', t: messages('zh'), large: false, title: '', here: '/verify' }, { verdict: v, receipt: null });
    expect(html).toContain('data-note="SEAL_MAKER_CERT_EXPIRED_SINCE_SIGNING"');
    expect(html).toContain('2025-02-17');

    // Checked as of a day in 2021, nothing had expired: no note.
    const earlier = new Date('2021-01-01T00:00:00Z');
    const then: SealReport = { kind: 'ofd', report: await verifySealedOfd(sealDepsWithout([seal.cert, sig.cert], null, earlier), bytes) };
    expect(verdictOf(then, earlier).checks.find((c) => c.check === 'signature')!.notes).toBeUndefined();
  });

  it('without anchors for it, the same file is UNKNOWN_ISSUER: intact, signature valid, no chain', async () => {
    const report: SealReport = { kind: 'ofd', report: await verifySealedOfd(sealDepsWithout([(await platform).root.cert.der], null, NOW), new Uint8Array(readFileSync(FIXTURE))) };
    expect(perSeal(documentRows(report, NOW).checks)).toEqual([['INTEGRITY_OK', 'SIGNATURE_OK', 'ISSUER_UNKNOWN']]);
    expect(verdictOf(report, NOW).result).toBe('UNKNOWN_ISSUER');
  });

  it('a CMS signer certificate expired after the signing time is a note too', async () => {
    const pki = await platform;
    const out = await stampPdf(await makePdf(1), { page: 1, rect, image: sealPng(), signer: withChain(pki.seal, pki.sealCa), signingTime: SIGNED_AT, name: '张三' });
    const later = new Date(pki.seal.cert.notAfter.getTime() + 86_400_000);
    const report: SealReport = { kind: 'pdf', report: await verifySealedPdf(sealDepsWithout([pki.root.cert.der], pki.sealCa.cert.der, later), out.pdf) };
    const [, signature] = documentRows(report, later).checks;
    expect(signature).toMatchObject({ code: 'SIGNATURE_OK', notes: [{ code: 'SIGNER_CERT_EXPIRED_SINCE_SIGNING', since: pki.seal.cert.notAfter.toISOString().slice(0, 10) }] });
  });
});
