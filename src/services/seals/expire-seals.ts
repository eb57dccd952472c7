// Mark seals past their validEnd as expired (run on a schedule). Using a seal checks validEnd
// itself, so this sweep only makes the stored status and the history say what is already true.
// Steps: active and suspended seals with validEnd at or before now → each becomes expired with
// an event dated now, audited as a system action; a seal changed meanwhile is left for the
// next run.
import { isAppError } from '../../domain/errors.ts';
import { changeStatus } from './seal-deps.ts';
import type { SealDeps } from './seal-deps.ts';

export async function expireSeals(deps: Pick<SealDeps, 'seals' | 'audit' | 'clock'>): Promise<{ expired: string[] }> {
  const now = deps.clock.now();
  const due = await deps.seals.list({ statuses: ['active', 'suspended'], validEndBefore: now.toISOString() });
  const expired: string[] = [];
  for (const seal of due) {
    try {
      await changeStatus(deps, seal, 'expired', { actor: null, reason: `validity ended ${seal.validEnd}` });
      expired.push(seal.id);
    } catch (e) {
      if (!isAppError(e, 'ERR_CONFLICT')) throw e;
    }
  }
  return { expired };
}
