import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dataKeyHolderIndex } from '../../src/adapters/licences/data-key-holder-index.ts';
import type { DataKeys } from '../../src/ports/data-keys.ts';
import { idNumberIndex } from '../../src/services/identity/identity-deps.ts';

const key = randomBytes(32);
const dataKeys: DataKeys = { current: async () => ({ id: 'k1', key }), byId: async () => key };

describe('holder index over data keys', () => {
  it('gives a citizen the same blind index as the account carries', async () => {
    const index = dataKeyHolderIndex(dataKeys);
    expect(await index.keyFor('citizen', '11010519491231002x')).toBe(`idx:${await idNumberIndex(dataKeys, '11010519491231002X')}`);
    expect(await index.keyFor('citizen', '11010519491231002X')).not.toContain('1101051949');
  });

  it('uses the public credit code for a legal person', async () => {
    expect(await dataKeyHolderIndex(dataKeys).keyFor('legal_person', ' 91330100ma2a00001m')).toBe('uscc:91330100MA2A00001M');
  });
});
