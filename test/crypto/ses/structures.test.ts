import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { CryptoError } from '../../../src/crypto/errors.ts';
import {
  ExtensionDatas, SES_ESPictrueInfo, SES_ESPropertyInfo, SES_Header, SES_SealInfo, SES_Signature, SESeal, TBS_Sign, decodeAnySignature,
} from '../../../src/crypto/ses/index.ts';
import { sequence, tlv } from '../../../src/crypto/asn1/der-writer.ts';
import { openZip } from '../../../src/crypto/ofd/zip-reader.ts';
import { makeKit } from './seal-kit.ts';

const FIXTURE = '/work/shared/fixtures/interop/kinggrid-einvoice-ses-v4.ofd';
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function expectMalformed(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CryptoError);
    expect((e as CryptoError).code).toBe('ERR_SES_MALFORMED');
    return;
  }
  throw new Error('expected ERR_SES_MALFORMED');
}

describe('SES structures round trip', () => {
  it('SES_Header', () => {
    const h = { id: 'ES', version: 4, vid: 'YINXIN' };
    expect(SES_Header.decode(SES_Header.encode(h))).toEqual(h);
    expectMalformed(() => SES_Header.decode(SES_Header.encode({ ...h, id: 'XX' })));
  });

  it('ExtensionDatas keeps an explicit critical FALSE and its absence', () => {
    const list = [
      { extnID: '1.2.3.4', critical: false, extnValue: Uint8Array.of(1) },
      { extnID: '1.2.3.5', extnValue: Uint8Array.of(2) },
      { extnID: '1.2.3.6', critical: true, extnValue: new Uint8Array(0) },
    ];
    const der = ExtensionDatas.encode(list);
    const back = ExtensionDatas.decode(der);
    expect(back).toEqual(list);
    expect('critical' in back[1]!).toBe(false);
    expect(hex(ExtensionDatas.encode(back))).toBe(hex(der));
    expect(hex(der)).toContain('010100'); // BOOLEAN FALSE written out
  });

  it('SES_ESPictrueInfo', () => {
    const p = { type: 'png', data: Uint8Array.of(1, 2, 3), width: 42, height: 40 };
    expect(SES_ESPictrueInfo.decode(SES_ESPictrueInfo.encode(p))).toEqual(p);
  });

  it('SES_ESPropertyInfo with certificates and with digests', () => {
    const dates = { createDate: new Date('2025-01-01T00:00:00Z'), validStart: new Date('2025-01-02T00:00:00Z'), validEnd: new Date('2027-01-02T00:00:00Z') };
    const certs = { type: 1, name: '某市人民政府', certListType: 1 as const, certList: [Uint8Array.of(0x30, 0)], ...dates };
    expect(SES_ESPropertyInfo.decode(SES_ESPropertyInfo.encode(certs))).toEqual({ ...certs, form: 'v4' });
    const digests = { type: 2, name: '合同专用章', certListType: 2 as const, certList: [{ type: 'SM3', value: new Uint8Array(32).fill(7) }], ...dates };
    expect(SES_ESPropertyInfo.decode(SES_ESPropertyInfo.encode(digests))).toEqual({ ...digests, form: 'v4' });
  });

  it('SES_SealInfo, SESeal, TBS_Sign and SES_Signature made by us re-encode to the same bytes', async () => {
    const { seal, signature } = await makeKit();
    const info = seal.sealInfo;
    expect(hex(SES_SealInfo.encode(info))).toBe(hex(info.der));
    expect(hex(SESeal.encode(seal))).toBe(hex(seal.der));
    expect(hex(SESeal.encode(SESeal.decode(seal.der)))).toBe(hex(seal.der));
    const tbs = signature.toSign;
    expect(hex(TBS_Sign.encode(tbs))).toBe(hex(tbs.der));
    expect(hex(SES_Signature.encode(SES_Signature.decode(signature.der)))).toBe(hex(signature.der));
    expect(tbs.eseal.der).toEqual(seal.der);
    expect(info.extDatas?.[0]?.critical).toBe(false);
  });

  it('timeStamp and TBS extDatas survive a round trip', async () => {
    const { signature } = await makeKit();
    const toSign = TBS_Sign.create({ ...signature.toSign, extDatas: [{ extnID: '1.2.3', extnValue: Uint8Array.of(9) }] });
    const s = SES_Signature.create({ ...signature, toSign, timeStamp: Uint8Array.of(0x30, 0x03, 2, 1, 1) });
    expect(s.timeStamp).toEqual(Uint8Array.of(0x30, 0x03, 2, 1, 1));
    expect(s.toSign.extDatas).toEqual([{ extnID: '1.2.3', extnValue: Uint8Array.of(9) }]);
    expect(hex(SES_Signature.encode(s))).toBe(hex(s.der));
  });

  it('the interop fixture re-encodes field by field to its original bytes (critical FALSE kept)', () => {
    const sv = readSignedValue();
    const s = SES_Signature.decode(sv);
    const seal = s.toSign.eseal;
    if (seal.version !== 4) throw new Error('expected a v4 seal');
    const info = seal.sealInfo;
    expect(info.extDatas).toEqual([{ extnID: '1.2.156.10197.6.7.2.2.1', critical: false, extnValue: new TextEncoder().encode('2.1') }]);
    expect(hex(SES_SealInfo.encode({ header: info.header, esID: info.esID, property: { ...info.property, form: 'v4' }, picture: info.picture, extDatas: info.extDatas! }))).toBe(hex(info.der));
    expect(hex(TBS_Sign.encode(s.toSign))).toBe(hex(s.toSign.der));
    expect(hex(SES_Signature.encode(s))).toBe(hex(sv));
  });
});

/** SignedValue.dat from the fixture, via the OFD reader. */
function readSignedValue(): Uint8Array {
  return readFixtureEntry('Doc_0/Signs/Sign_0/SignedValue.dat');
}

function readFixtureEntry(name: string): Uint8Array {
  return openZip(new Uint8Array(readFileSync(FIXTURE))).read(name)!;
}

describe('malformed input gives ERR_SES_MALFORMED and nothing else', () => {
  it('rejects non-DER, truncated and trailing input', async () => {
    const { signature } = await makeKit();
    const der = signature.der;
    expectMalformed(() => decodeAnySignature(new Uint8Array(0)));
    expectMalformed(() => decodeAnySignature(der.subarray(0, der.length - 1)));
    expectMalformed(() => decodeAnySignature(Uint8Array.from([...der, 0])));
    expectMalformed(() => decodeAnySignature('not bytes' as unknown as Uint8Array));
    expectMalformed(() => SESeal.decode(der));
  });

  it('rejects deep nesting and absurd lengths quickly', () => {
    let deep: Uint8Array = sequence();
    for (let i = 0; i < 5000; i++) deep = sequence(deep);
    expectMalformed(() => decodeAnySignature(deep));
    expectMalformed(() => decodeAnySignature(Uint8Array.of(0x30, 0x84, 0x7f, 0xff, 0xff, 0xff, 0)));
    expectMalformed(() => decodeAnySignature(tlv(0x30, new Uint8Array(100))));
  });

  it('every truncation and random corruption of a real signature either decodes or throws ERR_SES_MALFORMED', async () => {
    const { signature } = await makeKit();
    const der = signature.der;
    for (let n = 0; n < der.length; n += 7) expectMalformed(() => decodeAnySignature(der.subarray(0, n)));
    fc.assert(fc.property(fc.integer({ min: 0, max: der.length - 1 }), fc.integer({ min: 0, max: 255 }), (at, v) => {
      const copy = Uint8Array.from(der);
      copy[at] = v;
      try {
        decodeAnySignature(copy);
      } catch (e) {
        return e instanceof CryptoError && e.code === 'ERR_SES_MALFORMED';
      }
      return true;
    }), { numRuns: 400 });
  });
});
