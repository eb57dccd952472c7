// Answer "what was this licence's status at time T" (and so "was it valid then").
// Steps: find the version by identifier or verification handle → read its history → compute the
// status at T from the history and the validity period → name the version that replaced it, if
// any. Fails closed: a store that cannot answer throws; it never yields "valid".
import { LICENCE_STATUS_NAMES, statusAt } from '../../domain/licence.ts';
import type { LicenceEvent, LicenceRecord, StatusAtResult } from '../../domain/licence.ts';
import { invalidField } from './licence-deps.ts';
import type { LicenceDeps } from './licence-deps.ts';

/** The answer, with the history it was computed from. */
export interface LicenceStatusAt extends StatusAtResult {
  readonly licence: LicenceRecord;
  readonly at: string;
  /** Chinese name of the status, when it is one of the licence statuses. */
  readonly statusName: string | null;
  readonly history: readonly LicenceEvent[];
  /** The identifier of the version that replaced this one, if any. */
  readonly successor: string | null;
}

export async function licenceStatusAt(
  deps: Pick<LicenceDeps, 'store' | 'clock'>, ref: { identifier: string } | { handle: string }, at?: Date,
): Promise<LicenceStatusAt> {
  const licence = 'identifier' in ref ? await deps.store.findByIdentifier(String(ref.identifier).trim().toUpperCase()) : await deps.store.findByHandle(String(ref.handle).trim().toUpperCase());
  if (licence === null) throw invalidField('identifier' in ref ? 'identifier' : 'handle', 'not_found', 'no such licence', 'ERR_NOT_FOUND');
  const when = at ?? deps.clock.now();
  if (!(when instanceof Date) || !Number.isFinite(when.getTime())) throw invalidField('at', 'bad_date', 'must be a valid time');
  const history = await deps.store.events(licence.id);
  const result = statusAt(licence, history, when);
  const successor = await deps.store.findSuccessor(licence.id);
  const statusName = result.status in LICENCE_STATUS_NAMES ? LICENCE_STATUS_NAMES[result.status as keyof typeof LICENCE_STATUS_NAMES] : null;
  return { ...result, licence, at: when.toISOString(), statusName, history, successor: successor?.identifier ?? null };
}
