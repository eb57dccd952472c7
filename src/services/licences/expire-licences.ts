// Record the expiry (失效) of licences whose validity has ended.
// Steps: list valid or suspended licences whose last day is before today (China Standard Time)
// → for each, in its own transaction, set the status to expired if it is unchanged and append
// an expiry entry effective at the end of the last day → audit each → give the thread back once
// a turn has run its 10 ms (take-turns.ts): the licences of a day's batch import lapse together,
// and thousands of them in one turn would stall every request.
// Verification never waits for this sweep: the status at any time already counts a lapsed
// validity as expired (domain/licence.ts statusAt). The sweep makes the stored status and the
// history say so too.
import { lapsesAt } from '../../domain/licence.ts';
import { takeTurns } from '../batch/take-turns.ts';
import { event } from './issuance-steps.ts';
import { chinaDay } from './licence-deps.ts';
import type { LicenceDeps } from './licence-deps.ts';

const SYSTEM = { id: null, kind: 'system' } as const;

export async function expireLapsedLicences(deps: LicenceDeps, opts: { batch?: number } = {}): Promise<{ expired: number }> {
  const now = deps.clock.now();
  const yesterday = chinaDay(new Date(now.getTime() - 86_400_000));
  let expired = 0;
  const pause = takeTurns();
  for (;;) {
    const due = (await deps.store.listLapsing(yesterday, opts.batch ?? 100)).filter((l) => l.validUntil !== null && lapsesAt(l.validUntil).getTime() <= now.getTime());
    if (due.length === 0) return { expired };
    let progressed = false;
    for (const licence of due) {
      await pause();
      const effectiveAt = lapsesAt(licence.validUntil as string).toISOString();
      const changed = await deps.store.transaction(async (tx) => {
        if (!(await tx.setStatus(licence.id, licence.status, 'expired'))) return false;
        const seq = (await tx.events(licence.id)).length + 1;
        await tx.addEvent(event(licence.id, seq, 'expire', licence.status, 'expired', null, effectiveAt, SYSTEM, null, now.toISOString()));
        return true;
      });
      if (!changed) continue;
      progressed = true;
      expired++;
      await deps.audit.append({ actor: SYSTEM, action: 'licence.expire', object: licence.identifier, outcome: 'success', details: { validUntil: licence.validUntil, from: licence.status } });
    }
    if (!progressed) return { expired };
  }
}
