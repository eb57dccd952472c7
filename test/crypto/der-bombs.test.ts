// Deep and wide DER through every DER parser: a typed error, quickly, and no stack overflow.
import { describe, expect, it } from 'vitest';
import { DER_LIMITS, decodeDer, derChildren } from '../../src/crypto/asn1/der-reader.ts';
import type { DerElement } from '../../src/crypto/asn1/der-reader.ts';
import { CryptoError } from '../../src/crypto/errors.ts';
import { decodeAnySeal, decodeAnySignature } from '../../src/crypto/ses/index.ts';
import { parseCertificate } from '../../src/crypto/x509/parse-certificate.ts';
import { parseCrl } from '../../src/crypto/x509/parse-crl.ts';
import { parseSignedData } from '../../src/pdf/cms-parse.ts';
import { derDeep, derWide } from '../support/bombs.ts';

const PARSERS: [string, (b: Uint8Array) => unknown, string][] = [
  ['certificate', parseCertificate, 'ERR_CERT_MALFORMED'],
  ['CRL', parseCrl, 'ERR_CRL_MALFORMED'],
  ['SES seal', decodeAnySeal, 'ERR_SES_MALFORMED'],
  ['SES signature', decodeAnySignature, 'ERR_SES_MALFORMED'],
  ['CMS', parseSignedData, 'ERR_PDF_CMS_MALFORMED'],
];

function walk(el: DerElement): number {
  let n = 0;
  for (const stack = [el]; stack.length > 0; n++) {
    const e = stack.pop()!;
    if (e.constructed) stack.push(...derChildren(e));
  }
  return n;
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CryptoError);
    return (e as CryptoError).code;
  }
  return undefined;
}

describe('DER budgets', () => {
  it('nesting deeper than the limit is refused by the reader, at any depth of input', () => {
    expect(walk(decodeDer(derDeep(DER_LIMITS.depth)))).toBe(DER_LIMITS.depth + 1);
    for (const depth of [DER_LIMITS.depth + 1, 100_000]) expect(codeOf(() => walk(decodeDer(derDeep(depth))))).toBe('ERR_ASN1_MALFORMED');
  });

  it('more elements in one than the limit are refused', () => {
    expect(walk(decodeDer(derWide(1000)))).toBe(1001);
    expect(codeOf(() => walk(decodeDer(derWide(DER_LIMITS.children + 1))))).toBe('ERR_ASN1_MALFORMED');
  });

  for (const [name, parse, code] of PARSERS) {
    it(`${name}: deep and wide DER is a ${code}, within half a second`, () => {
      for (const bomb of [derDeep(), derWide()]) {
        const cpu0 = process.cpuUsage();
        expect(codeOf(() => parse(bomb))).toBe(code);
        const cpu = process.cpuUsage(cpu0);
        expect((cpu.user + cpu.system) / 1000).toBeLessThan(500);
      }
    });
  }
});
