// The recent uses of a seal (用章记录): who stamped or signed, when, which document.
// Steps: the caller may read the seal (read-seal.ts) → only its administrator or the security
// administrator (those who see its grants) see its uses → the newest first, at most `limit`.
import type { SealUse } from '../../domain/seal.ts';
import { readSeal } from './read-seal.ts';
import { refuse } from './seal-deps.ts';
import type { SealActor, SealDeps } from './seal-deps.ts';

export async function listSealUses(
  deps: Pick<SealDeps, 'seals' | 'grants' | 'accounts' | 'clock'>,
  input: { sealId: string; limit?: number },
  actor: SealActor,
): Promise<SealUse[]> {
  const detail = await readSeal(deps, input, actor);
  if (detail.grants === null) refuse('ERR_FORBIDDEN', "only the seal's administrator sees its uses", { sealId: input.sealId });
  // The store answers oldest first; the newest are what an administrator looks for.
  const all = await deps.grants.uses(detail.seal.id, 10_000);
  return all.slice(-(input.limit ?? 50)).reverse();
}
