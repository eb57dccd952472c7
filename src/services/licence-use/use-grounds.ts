// The ground of a retrieval (用证依据): the holder's consent, or the app's legal basis for the
// item with the case number the caller gives. Each check refuses with its own stable code.
// Consent steps: the consent exists and is for this app and item (else NO_CONSENT) → it is in
// force: not withdrawn, not expired, a one-time one not used (else CONSENT_ENDED) → a token
// issued to a person must be the consenting person's (else NO_CONSENT) → the holder named is the
// consenting person, or a legal person that person may act for in this app now: its legal
// representative or an agent with a current grant (else OTHER_HOLDER).
import { AppError } from '../../domain/errors.ts';
import { consentState } from '../../domain/licence-use.ts';
import type { LicenceUseConsent, LicenceUsePermission } from '../../domain/licence-use.ts';
import { actingFor } from '../acting/acting-options.ts';
import type { LicenceUseDeps } from './licence-use-deps.ts';

export interface HolderRef {
  readonly kind: 'citizen' | 'legal_person';
  /** The holder index key the holder's licences carry. */
  readonly key: string;
}

export type Ground = { consent: LicenceUseConsent } | { legalBasis: string; caseNumber: string };

export async function consentGround(
  deps: LicenceUseDeps, req: { clientId: string; accountId: string | null; itemCode: string; consentId: string; holder: HolderRef },
): Promise<Ground> {
  const consent = await deps.records.findConsent(req.consentId);
  if (!consent || consent.clientId !== req.clientId || consent.itemCode !== req.itemCode) {
    throw new AppError('ERR_LICENCE_USE_NO_CONSENT', 'no consent of this app for this item by that id');
  }
  const state = consentState(consent, deps.clock.now());
  if (state !== 'live') throw new AppError('ERR_LICENCE_USE_CONSENT_ENDED', `the consent is ${state}`, { details: { state } });
  if (req.accountId !== null && req.accountId !== consent.personId) throw new AppError('ERR_LICENCE_USE_NO_CONSENT', "the token is not the consenting person's");
  if (!(await consentCovers(deps, consent, req.holder))) throw new AppError('ERR_LICENCE_USE_OTHER_HOLDER', 'the consent was given for another holder');
  return { consent };
}

async function consentCovers(deps: LicenceUseDeps, consent: LicenceUseConsent, holder: HolderRef): Promise<boolean> {
  const person = await deps.accounts.findById(consent.personId);
  if (!person || person.status !== 'active') return false;
  if (holder.kind === 'citizen') return person.citizen?.idNumberIndex != null && `idx:${person.citizen.idNumberIndex}` === holder.key;
  if (person.legalPerson) return `uscc:${person.legalPerson.creditCode}` === holder.key;
  const lp = await deps.accounts.findByLogin(holder.key);
  return lp !== null && (await actingFor({ agents: deps.agents, accounts: deps.accounts, clock: deps.clock }, person.id, lp.id, consent.clientId)) !== null;
}

export function legalBasisGround(permission: LicenceUsePermission, caseNumber: string): Ground {
  if (permission.legalBasis === null) throw new AppError('ERR_LICENCE_USE_NO_LEGAL_BASIS', 'the app may use licences for this item only with consent');
  return { legalBasis: permission.legalBasis, caseNumber };
}
