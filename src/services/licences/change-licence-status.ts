// Change a licence's status by decision of the issuer: suspend and resume (暂扣/发还), withdraw
// (撤销), cancel (注销), revoke (吊销), transfer out (办理转出).
// Steps: check the input (reason required, effective time not in the future and not before the
// last recorded change) → load the licence and its history → its status now, with a lapsed
// validity counting as expired → the transition must be allowed from that status → set the
// status (only if unchanged meanwhile) and append the history entry in one transaction → audit.
import { allowedFrom, LICENCE_STATUS_CODES, nextStatus, statusAt } from '../../domain/licence.ts';
import type { LicenceAction, LicenceRecord, LicenceStatus } from '../../domain/licence.ts';
import { event } from './issuance-steps.ts';
import { fieldError, invalidField } from './licence-deps.ts';
import type { LicenceActor, LicenceDeps } from './licence-deps.ts';

/** Input to {@link changeLicenceStatus}. */
export interface ChangeLicenceStatusInput {
  readonly licenceId: string;
  readonly action: LicenceAction;
  readonly reason: string;
  /** When the decision takes effect; default now. May lie in the past, never in the future. */
  readonly effectiveAt?: Date;
}

const ACTIONS: readonly LicenceAction[] = ['suspend', 'resume', 'withdraw', 'cancel', 'revoke', 'transfer'];
/** Clocks of two servers may differ a little; a decision "now" from one must not look future to the other. */
const SKEW_MS = 60_000;

export async function changeLicenceStatus(deps: LicenceDeps, input: ChangeLicenceStatusInput, actor: LicenceActor): Promise<{ licence: LicenceRecord; from: LicenceStatus; to: LicenceStatus }> {
  if (!ACTIONS.includes(input?.action)) throw invalidField('action', 'not_an_option', `must be one of ${ACTIONS.join(', ')}`);
  const reason = String(input.reason ?? '').trim();
  if (reason === '' || [...reason].length > 200) throw invalidField('reason', reason === '' ? 'required' : 'too_long', 'a reason of at most 200 characters is required');
  const now = deps.clock.now();
  const effectiveAt = input.effectiveAt ?? now;
  if (!(effectiveAt instanceof Date) || !Number.isFinite(effectiveAt.getTime())) throw invalidField('effectiveAt', 'bad_date', 'must be a valid time');
  if (effectiveAt.getTime() > now.getTime() + SKEW_MS) throw invalidField('effectiveAt', 'in_future', 'a change cannot be recorded ahead of its effect');

  const licence = await deps.store.findById(String(input.licenceId ?? ''));
  if (licence === null) throw invalidField('licenceId', 'not_found', 'no such licence', 'ERR_NOT_FOUND');
  const history = await deps.store.events(licence.id);
  const last = history.reduce((t, e) => Math.max(t, Date.parse(e.effectiveAt)), Date.parse(licence.issuedAt));
  if (effectiveAt.getTime() < last) throw invalidField('effectiveAt', 'before_last_change', `must not be before the last recorded change (${new Date(last).toISOString()})`);

  const current = statusAt(licence, history, now);
  const from = current.status === 'expired' ? 'expired' : licence.status;
  const to = nextStatus(from, input.action);
  if (to === null) {
    throw fieldError([{
      path: ['action'], code: 'transition_not_allowed',
      message: `cannot ${input.action} a licence that is ${from} (${LICENCE_STATUS_CODES[from]}); allowed from: ${allowedFrom(input.action).join(', ')}`,
    }], 'ERR_LICENCE_TRANSITION');
  }
  await deps.store.transaction(async (tx) => {
    if (!(await tx.setStatus(licence.id, from, to))) throw invalidField('licenceId', 'changed_meanwhile', 'the licence changed meanwhile; read it again', 'ERR_CONFLICT');
    const seq = (await tx.events(licence.id)).length + 1;
    await tx.addEvent(event(licence.id, seq, input.action, from, to, reason, effectiveAt.toISOString(), actor, null, now.toISOString()));
  });
  await deps.audit.append({
    actor: { id: actor.id, kind: actor.kind }, action: `licence.${input.action}`, object: licence.identifier, outcome: 'success',
    details: { from, to, reason, effectiveAt: effectiveAt.toISOString() },
  });
  return { licence: { ...licence, status: to }, from, to };
}
