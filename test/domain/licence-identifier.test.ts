import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatLicenceIdentifier, handleFromRandom, isValidLicenceIdentifier, LicenceIdentifierError, mod3736CheckChar, parseLicenceIdentifier, serialFromRandom,
} from '../../src/domain/licence-identifier.ts';

const VECTORS = [
  '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
  '1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0',
  '1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9',
];

describe('GB/T 36904 licence identifiers', () => {
  it.each(VECTORS)('accepts the published vector %s', (id) => {
    const p = parseLicenceIdentifier(id);
    expect(p.warnings).toEqual([]);
    expect(mod3736CheckChar(id.slice('1.2.156.3005.2.'.length, -2).replaceAll('.', ''))).toBe(id.at(-1));
    expect(formatLicenceIdentifier(p)).toBe(id);
  });

  it('reads the parts', () => {
    expect(parseLicenceIdentifier(VECTORS[2]!)).toMatchObject({ typeCode: '11100000MB03271699022', issuerCode: '340100', serial: '000000016', version: 1, check: '9' });
  });

  it('rejects a wrong check character on issuance and only warns on import', () => {
    const bad = `${VECTORS[0]!.slice(0, -1)}V`;
    expect(() => parseLicenceIdentifier(bad)).toThrow(LicenceIdentifierError);
    expect(isValidLicenceIdentifier(bad)).toBe(false);
    const warned = parseLicenceIdentifier(bad, 'warn');
    expect(warned.warnings).toEqual([{ field: 'check', message: 'check character is V, expected U' }]);
  });

  it('catches every single-character substitution and adjacent transposition in the vectors', () => {
    const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (const id of VECTORS) {
      const body = id.slice(15, -2).replaceAll('.', '');
      const check = id.at(-1);
      for (let i = 0; i < body.length; i++) {
        for (const c of alphabet) if (c !== body[i]) expect(mod3736CheckChar(body.slice(0, i) + c + body.slice(i + 1))).not.toBe(check);
        if (i + 1 < body.length && body[i] !== body[i + 1]) expect(mod3736CheckChar(body.slice(0, i) + body[i + 1] + body[i] + body.slice(i + 2))).not.toBe(check);
      }
    }
  });

  it('rejects malformed identifiers, naming the part', () => {
    const problems = (s: string, mode: 'strict' | 'warn' = 'strict') => {
      try {
        parseLicenceIdentifier(s, mode);
        return [];
      } catch (e) {
        return (e as LicenceIdentifierError).problems.map((p) => p.field);
      }
    };
    expect(problems('2.2.156.3005.2.11100000000013338W011.11430000006122244L.1.001.U')).toEqual(['format']);
    expect(problems('1.2.156.3005.2.11100000000013338W011.11430000006122244L.001.U')).toEqual(['format']);
    expect(problems('1.2.156.3005.2.11100000000013338W011.11430000006122244L.2023.01.U')).toEqual(['version']);
    expect(problems('1.2.156.3005.2.11100000000013338W011.11430000006122244L.2023.001.!')).toEqual(['check']);
    expect(problems('1.2.156.3005.2.1110000000001333W011.11430000006122244L.2023.001.U')).toContain('typeCode');
    // A credit code failing GB 32100: refused on issuance, a warning on import.
    const wrongIssuer = formatWithCheck('11100000000013338W011', '11430000006122244M', '2023', 1);
    expect(problems(wrongIssuer)).toEqual(['issuerCode']);
    expect(parseLicenceIdentifier(wrongIssuer, 'warn').warnings.map((w) => w.field)).toEqual(['issuerCode']);
    expect(problems('1.2.156.3005.2.11100000000013338W011.11430000006122244L.20-23.001.U', 'warn')).toContain('serial');
    expect(() => formatLicenceIdentifier({ typeCode: '11100000000013338W011', issuerCode: '11430000006122244M', serial: '1', version: 1 })).toThrow(/issuerCode/);
    expect(() => formatLicenceIdentifier({ typeCode: '11100000000013338W011', issuerCode: '11430000006122244L', serial: 'a-b', version: 1000 })).toThrow(/serial.*version/);
  });

  it('every identifier made from random serials passes its own check', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 1, max: 999 }), (random, version) => {
      const serial = serialFromRandom(random);
      expect(serial).toMatch(/^[0-9A-Z]{16}$/);
      const id = formatLicenceIdentifier({ typeCode: '11100000000013338W011', issuerCode: '11330105002500287C', serial, version });
      expect(parseLicenceIdentifier(id)).toMatchObject({ serial, version, warnings: [] });
    }), { numRuns: 300 });
  });

  it('serials and handles are unguessable: distinct over many draws, upper-case alphanumeric', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) seen.add(handleFromRandom(crypto.getRandomValues(new Uint8Array(16))));
    expect(seen.size).toBe(2000);
    expect([...seen].every((h) => /^[0-9A-Z]{16}$/.test(h))).toBe(true);
    expect(() => serialFromRandom(new Uint8Array(8))).toThrow(RangeError);
  });
});

function formatWithCheck(typeCode: string, issuerCode: string, serial: string, version: number): string {
  const v = String(version).padStart(3, '0');
  return `1.2.156.3005.2.${typeCode}.${issuerCode}.${serial}.${v}.${mod3736CheckChar(`${typeCode}${issuerCode}${serial}${v}`)}`;
}
