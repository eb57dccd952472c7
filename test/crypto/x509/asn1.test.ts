// The DER reader and writer: exact encodings, and rejection of everything that is not DER.
import { describe, expect, it } from 'vitest';
import { decodeDer, derChildren } from '../../../src/crypto/asn1/der-reader.ts';
import {
  readBitString, readBoolean, readInteger, readNamedBits, readOid, readString, readTime,
} from '../../../src/crypto/asn1/der-values.ts';
import {
  boolean, generalizedTime, integer, namedBits, oid, printableString, sequence, setOf, unsignedInteger, utcTime, utf8String, x509Time,
} from '../../../src/crypto/asn1/der-writer.ts';
import { fromPem, fromPemAll, toPem } from '../../../src/crypto/asn1/pem.ts';
import { codeOf } from '../../support/crypto-error.ts';

const h = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('DER writer', () => {
  it('integers in minimal two\'s complement', () => {
    expect(hex(integer(0))).toBe('020100');
    expect(hex(integer(127))).toBe('02017f');
    expect(hex(integer(128))).toBe('02020080');
    expect(hex(integer(256))).toBe('02020100');
    expect(hex(integer(-1))).toBe('0201ff');
    expect(hex(integer(-128))).toBe('020180');
    expect(hex(integer(-129))).toBe('0202ff7f');
    expect(hex(unsignedInteger(h('00008f01')))).toBe('0203008f01');
  });
  it('OIDs, including SM3withSM2 and large arcs', () => {
    expect(hex(oid('1.2.156.10197.1.501'))).toBe('06082a811ccf55018375');
    expect(hex(oid('2.5.29.19'))).toBe('0603551d13');
    expect(readOid(decodeDer(oid('2.999.18446744073709551616')))).toBe('2.999.18446744073709551616');
    expect(codeOf(() => oid('1.40.1'))).toBe('ERR_ASN1_OID');
    expect(codeOf(() => oid('3.1'))).toBe('ERR_ASN1_OID');
  });
  it('named bits drop trailing zeros (keyUsage keyCertSign+cRLSign = 03 02 01 06)', () => {
    expect(hex(namedBits([5, 6]))).toBe('03020106');
    expect(hex(namedBits([0, 1]))).toBe('030206c0');
    expect(hex(namedBits([8]))).toBe('0303070080');
    expect([...readNamedBits(decodeDer(namedBits([0, 6, 8])), 'ku')]).toEqual([0, 6, 8]);
  });
  it('times: UTCTime until 2049, GeneralizedTime from 2050', () => {
    expect(Buffer.from(utcTime(new Date('2026-01-02T03:04:05.678Z'))).subarray(2).toString()).toBe('260102030405Z');
    expect(Buffer.from(generalizedTime(new Date('2050-01-02T03:04:05Z'))).subarray(2).toString()).toBe('20500102030405Z');
    expect(x509Time(new Date('2049-12-31T23:59:59Z'))[0]).toBe(0x17);
    expect(x509Time(new Date('2050-01-01T00:00:00Z'))[0]).toBe(0x18);
    expect(codeOf(() => x509Time(new Date('1949-12-31T00:00:00Z')))).toBe('ERR_ASN1_TIME');
  });
  it('SET OF is sorted; lengths use the long form past 127', () => {
    expect(hex(setOf(h('0401ff'), h('040100')))).toBe('3106040100' + '0401ff');
    const long = sequence(new Uint8Array(200));
    expect(hex(long.subarray(0, 3))).toBe('3081c8');
    expect(hex(sequence(new Uint8Array(300)).subarray(0, 4))).toBe('3082012c');
  });
  it('strings', () => {
    expect(hex(utf8String('印'))).toBe('0c03e58db0');
    expect(codeOf(() => printableString('a@b'))).toBe('ERR_ASN1_STRING');
  });
});

describe('DER reader rejects non-DER', () => {
  const bad: [string, string][] = [
    ['indefinite length', '3080 0500 0000'],
    ['non-minimal long length', '3081 02 0500'],
    ['length with leading zero', '308200 02 0500'],
    ['truncated', '3005 0500'],
    ['trailing data', '3000 00'],
    ['high tag number', '1f81 00'],
    ['empty input', ''],
    ['huge length', '3084ffffffff'],
  ];
  for (const [what, bytes] of bad) {
    it(what, () => expect(codeOf(() => derChildren(decodeDer(h(bytes))))).toBe('ERR_ASN1_MALFORMED'));
  }
  it('non-minimal integers', () => {
    expect(codeOf(() => readInteger(decodeDer(h('0202007f'))))).toBe('ERR_ASN1_MALFORMED');
    expect(codeOf(() => readInteger(decodeDer(h('0202ff80'))))).toBe('ERR_ASN1_MALFORMED');
    expect(codeOf(() => readInteger(decodeDer(h('0200'))))).toBe('ERR_ASN1_MALFORMED');
    expect(readInteger(decodeDer(h('02020080')))).toBe(128n);
    expect(readInteger(decodeDer(h('0201ff')))).toBe(-1n);
  });
  it('booleans other than 00/ff', () => {
    expect(codeOf(() => readBoolean(decodeDer(h('010101'))))).toBe('ERR_ASN1_MALFORMED');
    expect(readBoolean(decodeDer(boolean(true)))).toBe(true);
  });
  it('bit strings with set padding bits or bad counts', () => {
    expect(codeOf(() => readBitString(decodeDer(h('030201ff'))))).toBe('ERR_ASN1_MALFORMED');
    expect(codeOf(() => readBitString(decodeDer(h('030108'))))).toBe('ERR_ASN1_MALFORMED');
    expect(codeOf(() => readBitString(decodeDer(h('030107'))))).toBe('ERR_ASN1_MALFORMED');
  });
  it('OIDs with padded arcs', () => {
    expect(codeOf(() => readOid(decodeDer(h('0603 2a 80 01'))))).toBe('ERR_ASN1_MALFORMED');
    expect(codeOf(() => readOid(decodeDer(h('0602 2a 81'))))).toBe('ERR_ASN1_MALFORMED');
  });
  it('times not in RFC 5280 form or impossible', () => {
    const t = (tag: number, s: string) => decodeDer(Uint8Array.from([tag, s.length, ...Buffer.from(s)]));
    expect(readTime(t(0x17, '500101000000Z'))).toEqual(new Date('1950-01-01T00:00:00Z'));
    expect(readTime(t(0x17, '491231235959Z'))).toEqual(new Date('2049-12-31T23:59:59Z'));
    for (const s of ['2601010000Z', '260101000000', '260101000000+0800', '260230000000Z', '261301000000Z', '260101240000Z']) {
      expect(codeOf(() => readTime(t(0x17, s)))).toBe('ERR_ASN1_MALFORMED');
    }
    expect(codeOf(() => readTime(t(0x18, '20260101000000.5Z')))).toBe('ERR_ASN1_MALFORMED');
  });
  it('strings with bad contents', () => {
    expect(codeOf(() => readString(decodeDer(h('0c02c328'))))).toBe('ERR_ASN1_MALFORMED');
    expect(codeOf(() => readString(decodeDer(h('130140'))))).toBe('ERR_ASN1_MALFORMED');
    expect(readString(decodeDer(h('1e04 5370 7ae0'))).value).toBe('印章');
  });
});

describe('PEM', () => {
  it('round trip and strictness', () => {
    const der = Uint8Array.from({ length: 100 }, (_, i) => i);
    expect(fromPem(toPem(der, 'X'), 'X')).toEqual(der);
    expect(fromPemAll(toPem(der, 'X') + toPem(der, 'X'), 'X')).toHaveLength(2);
    expect(codeOf(() => fromPem(toPem(der, 'X') + toPem(der, 'X'), 'X'))).toBe('ERR_PEM_MALFORMED');
    expect(codeOf(() => fromPem(toPem(der, 'X'), 'Y'))).toBe('ERR_PEM_MALFORMED');
    expect(codeOf(() => fromPem('-----BEGIN X-----\nAAA*\n-----END X-----', 'X'))).toBe('ERR_PEM_MALFORMED');
    expect(codeOf(() => fromPem('-----BEGIN X-----\nAAAA\n', 'X'))).toBe('ERR_PEM_MALFORMED');
  });
});
