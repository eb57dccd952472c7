import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isValidCreditCode } from '../../src/domain/credit-code.ts';
import { isValidResidentId, normalizeResidentId, residentIdCheckChar } from '../../src/domain/resident-id.ts';
import { assuranceRank, meetsAssurance, sessionAssurance } from '../../src/domain/assurance.ts';
import { departmentPath, mayContain } from '../../src/domain/department.ts';

describe('resident ID numbers (GB 11643)', () => {
  it('accepts the example of the standard and computes its check character', () => {
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId(normalizeResidentId(' 11010519491231002x '))).toBe(true);
  });

  it('rejects a wrong check character, a bad date, bad length and letters', () => {
    expect(isValidResidentId('110105194912310021')).toBe(false);
    expect(isValidResidentId('110105194902300025'.slice(0, 17) + residentIdCheckChar('11010519490230002'))).toBe(false);
    expect(isValidResidentId('11010519491231002')).toBe(false);
    expect(isValidResidentId('1101051949123100A2')).toBe(false);
    expect(isValidResidentId('11010518991231002' + residentIdCheckChar('11010518991231002'))).toBe(false);
  });
});

describe('unified social credit codes (GB 32100)', () => {
  it('accepts a published code and computes check characters', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('rejects a wrong check character, letters outside the alphabet and bad length', () => {
    expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
    expect(isValidCreditCode('91350100I000100Y43')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
  });
});

describe('assurance levels', () => {
  it('orders L1–L4 and never lets an unknown level satisfy a request', () => {
    expect(assuranceRank('L3')).toBe(3);
    expect(assuranceRank('L9')).toBe(0);
    expect(meetsAssurance('L2', 'L2')).toBe(true);
    expect(meetsAssurance('L2', 'L3')).toBe(false);
    expect(meetsAssurance(undefined, 'L1')).toBe(false);
  });

  it('caps a login by the methods used', () => {
    expect(sessionAssurance('L4', ['pwd'])).toBe('L2');
    expect(sessionAssurance('L1', ['pwd', 'otp'])).toBe('L1');
    expect(sessionAssurance('L4', ['face'])).toBe('L3');
    expect(sessionAssurance('L4', ['hwk'])).toBe('L4');
  });
});

describe('department tree', () => {
  it('gives the path from the city down and refuses odd nesting', () => {
    const byId = new Map([
      ['city', { id: 'city', parentId: null, name: '某市', kind: 'city' as const }],
      ['amr', { id: 'amr', parentId: 'city', name: '市场监督管理局', kind: 'bureau' as const }],
      ['reg', { id: 'reg', parentId: 'amr', name: '登记注册处', kind: 'division' as const }],
    ]);
    expect(departmentPath('reg', byId)).toEqual(['某市', '市场监督管理局', '登记注册处']);
    expect(mayContain('city', 'bureau')).toBe(true);
    expect(mayContain('division', 'bureau')).toBe(false);
  });
});
