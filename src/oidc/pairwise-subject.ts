// Pairwise subject identifiers (OpenID Connect Core 8.1): the same person is one `sub` to every
// app of a sector and a different, unlinkable one to apps of other sectors. The identifier is an
// HMAC of sector and account id, so every process computes it alike and nothing is stored.
import { createHmac } from 'node:crypto';
import type { Configuration } from 'oidc-provider';

type PairwiseIdentifier = NonNullable<Configuration['pairwiseIdentifier']>;

export function pairwiseSubject(secret: string): PairwiseIdentifier {
  const key = createHmac('sha256', secret).update('yinxin-pairwise-subject').digest();
  return async (_ctx, accountId, client) => {
    const sector = client.sectorIdentifier;
    if (!sector) throw new Error('pairwise app without a sector');
    return `p_${createHmac('sha256', key).update(`${sector}|${accountId}`).digest('base64url')}`;
  };
}
