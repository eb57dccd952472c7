// What other tools make of a stamped PDF: poppler's pdfsig lists the signature and its fields,
// pdftoppm renders the seal where it was placed, and the OpenSSL CLI verifies the SM2 signature
// over the exact signed-attribute bytes. Each tool is required under CI and skipped without it.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readElement } from '../../src/crypto/asn1/der-reader.ts';
import { encodePublicKeyPem } from '../../src/crypto/sm2-keys.ts';
import { parseSignedData } from '../../src/pdf/cms-parse.ts';
import type { CmsOidSet } from '../../src/pdf/cms-oids.ts';
import { stampPdf } from '../../src/pdf/index.ts';
import { AT } from '../crypto/x509/pki.ts';
import { makePdf, sealPng, testSigner } from './fixtures.ts';
import { skipWithout } from '../support/tools.ts';


const dir = mkdtempSync(join(tmpdir(), 'yinxin-pdf-tools-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => join(dir, name);

const rect = [400, 60, 520, 180] as const;

async function stamped(cmsOids: CmsOidSet = 'gb35275'): Promise<{ path: string; pdf: Buffer; signedAttributes: Uint8Array; signature: Uint8Array }> {
  const { signer } = await testSigner();
  const first = await stampPdf(await makePdf(2), { page: 1, rect, image: sealPng(), signer, signingTime: AT, reason: 'approved', name: 'Zhang San', cmsOids });
  const second = await stampPdf(first.pdf, { page: 2, rect: [50, 60, 170, 180], image: sealPng(), signer, signingTime: AT, reason: 'second', cmsOids });
  const path = file(`stamped-${cmsOids}.pdf`);
  writeFileSync(path, second.pdf);
  return { path, pdf: second.pdf, signedAttributes: first.signedAttributes, signature: first.signature };
}

describe.skipIf(skipWithout('a stamped PDF listed by pdfsig', 'pdfsig'))('pdfsig', () => {
  // poppler validates through NSS, which knows neither SM2 nor the GB/T 35275 content types: it
  // lists the fields and ranges of our (GB/T 35275) signatures but cannot open the CMS; with the
  // RFC 5652 identifiers it also shows the signer's name (and still cannot validate SM2).
  it('lists both signatures with their fields', async () => {
    const { path, pdf } = await stamped();
    const r = spawnSync('pdfsig', [path], { encoding: 'utf8' });
    const out = `${r.stdout}${r.stderr}`;
    expect(out).toContain('Signature #1:');
    expect(out).toContain('Signature #2:');
    expect(out).toContain('Signature Field Name: Signature1');
    expect(out).toContain('Signature Field Name: Signature2');
    expect(out).toContain('Signature Type: adbe.pkcs7.detached');
    expect(out).toContain("Input couldn't be parsed as a CMS signature");
    expect(out).not.toMatch(/Signature is Invalid|Digest Mismatch/);
    const rfc = spawnSync('pdfsig', [(await stamped('rfc5652')).path], { encoding: 'utf8' });
    expect(`${rfc.stdout}${rfc.stderr}`).toContain('Signer Certificate Common Name: 某市市场监督管理局');
    expect(out).toContain('Total document signed');
    expect(out).toContain('Not total document signed');
    expect(out).toContain(`Signed Ranges: [0 - `);
    expect(out).toMatch(new RegExp(`\\[\\d+ - ${pdf.length}\\]`));
  });
});

/** Reads a binary PGM/PPM (P5/P6) as produced by pdftoppm. */
function readPnm(bytes: Buffer): { width: number; height: number; channels: number; data: Buffer } {
  const header = /^(P[56])\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.toString('latin1', 0, 64));
  if (header === null) throw new Error('not a binary PNM');
  return {
    width: Number(header[2]), height: Number(header[3]), channels: header[1] === 'P6' ? 3 : 1,
    data: bytes.subarray(header[0].length),
  };
}

describe.skipIf(skipWithout('a stamped PDF rendered by pdftoppm', 'pdftoppm'))('pdftoppm', () => {
  it('renders the seal in red inside its rectangle and nowhere else', async () => {
    const { path } = await stamped();
    const r = spawnSync('pdftoppm', ['-r', '50', '-f', '1', '-l', '1', path, file('page')]);
    expect(r.status).toBe(0);
    const img = readPnm(readFileSync(file('page-1.ppm')));
    const scale = 50 / 72;
    // Page 1 is 842 points high; PDF y grows upwards, image rows downwards.
    const [x1, y1, x2, y2] = rect.map((v) => v * scale) as [number, number, number, number];
    const top = 842 * scale - y2;
    const bottom = 842 * scale - y1;
    let inside = 0;
    let outside = 0;
    for (let y = 0; y < img.height; y++) {
      for (let x = 0; x < img.width; x++) {
        const i = (y * img.width + x) * 3;
        const [R, G, B] = [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
        if (R > 180 && G < 90 && B < 90) {
          if (x >= x1 - 1 && x <= x2 + 1 && y >= top - 1 && y <= bottom + 1) inside++;
          else outside++;
        }
      }
    }
    expect(inside).toBeGreaterThan(100);
    expect(outside).toBe(0);
    // The transparent background lets the page show through: the rectangle's corner stays white.
    const corner = (Math.ceil(top + 2) * img.width + Math.ceil(x1 + 2)) * 3;
    expect([img.data[corner], img.data[corner + 1], img.data[corner + 2]]).toEqual([255, 255, 255]);
  });

  it('renders with -png too (the form the issue names)', async () => {
    const { path } = await stamped();
    expect(spawnSync('pdftoppm', ['-r', '50', '-png', '-f', '2', '-l', '2', path, file('png')]).status).toBe(0);
    expect(readFileSync(file('png-2.png')).subarray(1, 4).toString()).toBe('PNG');
  });
});

describe.skipIf(skipWithout('a stamped PDF\'s signature verified by the OpenSSL CLI', 'openssl'))('openssl', () => {
  it('verifies the CMS signature over the exact signed-attribute bytes', async () => {
    const { signer } = await testSigner();
    const { pdf, signedAttributes, signature } = await stamped();
    // Take the bytes from the file itself, not from what the stamper returned.
    const sd = parseSignedData(Buffer.from(pdf.toString('latin1', pdf.indexOf('/Contents <', 0, 'latin1') + 11, pdf.indexOf('>', pdf.indexOf('/Contents <', 0, 'latin1'), 'latin1')), 'hex'));
    const si = sd.signerInfos[0]!;
    expect(si.signedAttributes).toEqual(signedAttributes);
    expect(si.signature).toEqual(signature);
    writeFileSync(file('signedattrs.der'), si.signedAttributes!);
    writeFileSync(file('sig.der'), si.signature);
    writeFileSync(file('pub.pem'), encodePublicKeyPem(signer.publicKey));
    const ok = spawnSync('openssl', ['dgst', '-sm3', '-verify', file('pub.pem'), '-sigopt', 'distid:1234567812345678',
      '-signature', file('sig.der'), file('signedattrs.der')], { encoding: 'utf8' });
    expect(`${ok.stdout}${ok.stderr}`).toContain('Verified OK');
    const bad = Buffer.from(si.signedAttributes!);
    bad[bad.length - 1] ^= 1;
    writeFileSync(file('bad.der'), bad);
    const no = spawnSync('openssl', ['dgst', '-sm3', '-verify', file('pub.pem'), '-sigopt', 'distid:1234567812345678',
      '-signature', file('sig.der'), file('bad.der')], { encoding: 'utf8' });
    expect(no.status).not.toBe(0);
  });

  it('openssl asn1parse reads the CMS with the GB/T 35275 identifiers: signedData, data, SM3, SM2', async () => {
    const { pdf } = await stamped();
    const start = pdf.indexOf('/Contents <', 0, 'latin1') + 11;
    const padded = Buffer.from(pdf.toString('latin1', start, pdf.indexOf('>', start, 'latin1')), 'hex');
    const der = readElement(padded, 0).raw;
    writeFileSync(file('cms.der'), der);
    const r = spawnSync('openssl', ['asn1parse', '-inform', 'DER', '-in', file('cms.der')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const oids = [...r.stdout.matchAll(/OBJECT\s+:(\S+)/g)].map((m) => m[1]);
    // ContentInfo, digestAlgorithms, encapContentInfo; then the signer's digest, contentType value and signature algorithm.
    expect(oids.slice(0, 3)).toEqual(['1.2.156.10197.6.1.4.2.2', 'sm3', '1.2.156.10197.6.1.4.2.1']);
    expect(oids.slice(-6)).toEqual(['sm3', 'contentType', '1.2.156.10197.6.1.4.2.1', 'signingTime', 'messageDigest', '1.2.156.10197.1.301.1']);
    expect(r.stdout).not.toContain('pkcs7-signedData');
  });
});
