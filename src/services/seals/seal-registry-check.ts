// The registry's part of verifying a seal: what the seal's status was when it was used.
// A seal revoked (or suspended) after a signature leaves that signature valid; one revoked,
// suspended, expired or not yet approved at the signing time makes it fail. When the registry
// cannot answer, the result is "cannot confirm", never "valid".
import type { SesVerificationResult, SubIndication } from '../../crypto/ses/index.ts';
import { isAppError } from '../../domain/errors.ts';
import { effectiveStatus, isValidSealCode, statusAt } from '../../domain/seal.ts';
import type { SealStatus } from '../../domain/seal.ts';
import type { SealStore } from '../../ports/seal-store.ts';

/** The registry check of one SES signature. */
export interface RegistryCheck {
  /** `not-present`: the seal is not one of this registry's (a foreign seal maker's). */
  status: 'passed' | 'failed' | 'indeterminate' | 'not-present';
  subIndication?: SubIndication;
  message: string;
  sealId?: string;
  code?: string;
  statusAtSigning?: SealStatus;
  statusNow?: SealStatus;
}

const SUB: Partial<Record<SealStatus, SubIndication>> = { revoked: 'REVOKED', suspended: 'REVOKED', expired: 'EXPIRED', pending: 'NOT_YET_VALID' };

/** Checks `ses` (already verified cryptographically) against the registry of `divisionCode`. */
export async function registryCheck(seals: Pick<SealStore, 'findByCode' | 'events'>, ses: SesVerificationResult | undefined, divisionCode: string, now: Date): Promise<RegistryCheck> {
  const esID = ses?.seal?.esID;
  const t = ses?.signingTime;
  if (esID === undefined || t === undefined) return { status: 'not-present', message: 'no readable seal data' };
  if (!isValidSealCode(esID) || !esID.startsWith(divisionCode)) {
    return { status: 'not-present', message: `seal ${esID} is not one of this registry's; its status rests on the seal maker's CRLs` };
  }
  try {
    const seal = await seals.findByCode(esID);
    if (seal === null) return { status: 'indeterminate', subIndication: 'TRY_LATER', message: `seal ${esID} is not in the registry`, code: esID };
    const signer = ses!.checks.find((c) => c.id === 'signer-certificate-at-signing-time')?.details?.serialNumber;
    if (signer === undefined || signer !== seal.certificateSerial) {
      return { status: 'failed', subIndication: 'SIG_CONSTRAINTS_FAILURE', message: "the signer certificate is not the registered seal's", sealId: seal.id, code: esID };
    }
    // Signing times are whole seconds; the history is kept in milliseconds. A change within the
    // signing second is judged by what it was: approval made the seal's key, so nothing signed
    // with it predates approval; any other change in that second leaves the order unknown.
    const events = await seals.events(seal.id);
    const startOfSecond = statusAt(events, seal.validEnd, t);
    const endOfSecond = statusAt(events, seal.validEnd, new Date(Math.floor(t.getTime() / 1000) * 1000 + 999));
    const statusNow = effectiveStatus(seal, now);
    const atSigning = startOfSecond === 'pending' ? endOfSecond : startOfSecond;
    const base = { sealId: seal.id, code: esID, statusAtSigning: atSigning, statusNow };
    if (atSigning !== endOfSecond) {
      return { ...base, status: 'indeterminate', subIndication: 'TRY_LATER', message: `seal ${esID} changed from ${atSigning} to ${endOfSecond} within the signing second ${t.toISOString()}` };
    }
    if (atSigning === 'active') {
      const note = statusNow === 'active' ? '' : `; ${statusNow} since`;
      return { ...base, status: 'passed', message: `seal ${esID} was active at ${t.toISOString()}${note}` };
    }
    return { ...base, status: 'failed', subIndication: SUB[atSigning] ?? 'SIG_CONSTRAINTS_FAILURE', message: `seal ${esID} was ${atSigning} at ${t.toISOString()}` };
  } catch (e) {
    if (isAppError(e, 'ERR_STORE_UNAVAILABLE')) return { status: 'indeterminate', subIndication: 'TRY_LATER', message: 'the seal registry cannot be reached', code: esID };
    throw e;
  }
}
