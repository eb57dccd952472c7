// The holder index over the identity service's data keys: a citizen's key is the same blind
// index of the resident ID number that accounts carry (HMAC-SM3 under the `id-index` key), and
// a legal person's is its credit code, which is public. So licences issued before a holder
// first signs in are found by the account's own index later.
import { hmacSm3 } from '../../crypto/sm3.ts';
import { normalizeCreditCode } from '../../domain/credit-code.ts';
import { normalizeResidentId } from '../../domain/resident-id.ts';
import type { DataKeys } from '../../ports/data-keys.ts';
import type { HolderIndex } from '../../ports/holder-index.ts';

export function dataKeyHolderIndex(dataKeys: DataKeys): HolderIndex {
  return {
    async keyFor(kind, idNumber) {
      if (kind === 'legal_person') return `uscc:${normalizeCreditCode(idNumber)}`;
      const { key } = await dataKeys.current('id-index');
      return `idx:${Buffer.from(hmacSm3(key, Buffer.from(normalizeResidentId(idNumber), 'utf8'))).toString('hex')}`;
    },
  };
}
