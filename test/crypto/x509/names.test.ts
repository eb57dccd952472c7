// Distinguished names: text ⇄ DER, string types, escaping, matching.
import { describe, expect, it } from 'vitest';
import { buildName, nameAttribute, namesMatch, parseName } from '../../../src/crypto/x509/names.ts';
import { codeOf } from '../../support/crypto-error.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('names', () => {
  it('text in RFC 4514 order, encoded most significant first, with the right string types', () => {
    const n = buildName('CN=某市市场监督管理局, O=某市人民政府, C=CN');
    expect(n.text).toBe('CN=某市市场监督管理局, O=某市人民政府, C=CN');
    expect(n.rdns.map((r) => r[0]!.type)).toEqual(['C', 'O', 'CN']);
    // C is a PrintableString (13), the others UTF8String (0c).
    expect(hex(n.der).startsWith('30')).toBe(true);
    expect(hex(n.der)).toContain('0603550406' + '1302434e');
    expect(hex(n.der)).toContain('060355040a0c');
    expect(parseName(n.der)).toEqual(n);
  });

  it('the list form gives the same encoding as the text form', () => {
    const a = buildName([{ type: 'C', value: 'CN' }, { type: 'O', value: '某市人民政府' }, { type: 'CN', value: '张三' }]);
    expect(a.der).toEqual(buildName('CN=张三,O=某市人民政府,C=CN').der);
  });

  it('serialNumber maps credit codes and staff numbers as PrintableString', () => {
    const n = buildName('serialNumber=91350100M000100Y43, CN=某公司, C=CN');
    expect(nameAttribute(n, 'serialNumber')).toBe('91350100M000100Y43');
    expect(nameAttribute(n, '2.5.4.5')).toBe('91350100M000100Y43');
    expect(hex(n.der)).toContain('06035504051312' + Buffer.from('91350100M000100Y43').toString('hex'));
  });

  it('escaping survives a round trip', () => {
    const n = buildName([{ type: 'O', value: 'A, B + C "D" <E>;\\F' }, { type: 'CN', value: '#1 x' }]);
    expect(n.text).toBe('CN=\\#1 x, O=A\\, B \\+ C \\"D\\" \\<E\\>\\;\\\\F');
    expect(buildName(n.text).der).toEqual(n.der);
    expect(nameAttribute(buildName('CN=\\e5\\8d\\b0'), 'CN')).toBe('印');
  });

  it('multi-valued RDNs', () => {
    const n = buildName('CN=张三+serialNumber=001, C=CN');
    expect(n.rdns[1]!.map((a) => a.type).sort()).toEqual(['CN', 'serialNumber']);
    expect(n.text).toMatch(/^(CN=张三\+serialNumber=001|serialNumber=001\+CN=张三), C=CN$/);
  });

  it('unknown attribute types by OID; non-string values shown as hex', () => {
    const n = buildName('1.2.3.4=abc, C=CN');
    expect(n.rdns[1]![0]).toEqual({ type: '1.2.3.4', oid: '1.2.3.4', value: 'abc' });
    const der = Uint8Array.from([0x30, 0x0c, 0x31, 0x0a, 0x30, 0x08, 0x06, 0x03, 0x2a, 0x03, 0x04, 0x02, 0x01, 0x05]);
    expect(parseName(der).rdns[0]![0]!.value).toBe('#020105');
  });

  it('rejects bad values', () => {
    for (const bad of ['C=CHN', 'C=cn', 'CN=', 'CN=a\u0001', 'foo=bar', 'CN', 'serialNumber=编号']) {
      expect(codeOf(() => buildName(bad))).toBe('ERR_CERT_INVALID_NAME');
    }
    expect(codeOf(() => buildName('CN=' + '长'.repeat(65)))).toBe('ERR_CERT_INVALID_NAME');
    expect(codeOf(() => buildName([]))).toBe('ERR_CERT_INVALID_NAME');
    expect(codeOf(() => buildName([{ type: 'CN', value: ' x' }]))).toBe('ERR_CERT_INVALID_NAME');
    // In text, spaces around '=' and ',' are separators, not part of the value.
    expect(nameAttribute(buildName('CN = x , C=CN'), 'CN')).toBe('x');
  });

  it('matching ignores string type, case and extra spaces, but not content', () => {
    const utf8 = buildName('CN=Zhang  San, C=CN');
    const printable = parseName(Uint8Array.from(Buffer.from(hex(utf8.der).replace('0c0a', '130a'), 'hex')));
    expect(printable.der).not.toEqual(utf8.der);
    expect(namesMatch(utf8, printable)).toBe(true);
    expect(namesMatch(utf8, buildName('CN=zhang san, C=CN'))).toBe(true);
    expect(namesMatch(utf8, buildName('CN=Zhang Sam, C=CN'))).toBe(false);
    expect(namesMatch(utf8, buildName('C=CN, CN=Zhang San'))).toBe(false);
  });
});
