// Sign given bytes or a given SM3 hash with a seal, detached (for other systems): the result is
// a GB/T 38540 SES_Signature DER whose dataHash is that hash.
// Steps: the clerk is an active account → the seal exists → the same checks as stamping
// (organisation, status, grant, step-up) → the input is sane (reason, data or a 32-byte hash,
// propertyInfo) → SM3 of the data → the seal's signer from the vault → signWithSeal → audit with
// the hash, then record the use (record-seal-use.ts) → return the DER.
// A refusal or a failure is audited as such and records no use.
import { isCryptoError } from '../../crypto/errors.ts';
import { SESeal } from '../../crypto/ses/SESeal.ts';
import { signWithSeal } from '../../crypto/ses/sign-with-seal.ts';
import { sm3 } from '../../crypto/sm3.ts';
import type { Account } from '../../domain/account.ts';
import { AppError } from '../../domain/errors.ts';
import type { SealUse, SessionAssurance } from '../../domain/seal.ts';
import { actingAccount, auditActor, invalid, newId, reasonText, refuse, requestFacts, requireSeal } from './seal-deps.ts';
import type { SealActor, SealDeps } from './seal-deps.ts';
import { recordSealUse } from './record-seal-use.ts';
import { auditFailedUse, checkSealUse } from './seal-use-checks.ts';

export interface DetachedSignRequest {
  sealId: string;
  /** The bytes to protect; or instead… */
  data?: Uint8Array;
  /** …their SM3 digest (32 bytes), computed by the caller. */
  sm3?: Uint8Array;
  /** What is protected (TBS_Sign propertyInfo, IA5 text); default `detached`. */
  propertyInfo?: string;
  reason: string;
  session: SessionAssurance;
}

export interface DetachedSignOutcome {
  /** SES_Signature DER. */
  signature: Uint8Array;
  dataHash: Uint8Array;
  use: SealUse;
}

/** Recorded as the use's field name: no PDF field, a detached signature. */
export const DETACHED_FIELD = 'detached';

function dataHashOf(input: DetachedSignRequest, maxBytes: number): Uint8Array {
  const hasData = input.data !== undefined;
  if (hasData === (input.sm3 !== undefined)) invalid('data', 'give either the data or its SM3 hash');
  if (hasData) {
    if (!(input.data instanceof Uint8Array) || input.data.length === 0) invalid('data', 'must be non-empty bytes');
    if (input.data.length > maxBytes) refuse('ERR_PAYLOAD_TOO_LARGE', `the data is larger than ${maxBytes} bytes`);
    return sm3(input.data);
  }
  if (!(input.sm3 instanceof Uint8Array) || input.sm3.length !== 32) invalid('sm3', 'must be a 32-byte SM3 digest');
  return Uint8Array.from(input.sm3);
}

function propertyInfoOf(p: unknown): string {
  if (p === undefined) return DETACHED_FIELD;
  if (typeof p !== 'string' || !/^[\x20-\x7e]{1,256}$/.test(p)) invalid('propertyInfo', 'printable ASCII, 1 to 256 characters');
  return p;
}

export async function signDetached(deps: SealDeps, input: DetachedSignRequest, actor: SealActor): Promise<DetachedSignOutcome> {
  let clerk: Account | undefined;
  try {
    clerk = await actingAccount(deps, actor);
    const seal = await requireSeal(deps, input?.sealId);
    const now = deps.clock.now();
    await checkSealUse(deps, clerk, seal, input.session);
    const reason = reasonText(input.reason);
    const dataHash = dataHashOf(input, deps.settings.maxPdfBytes);
    const propertyInfo = propertyInfoOf(input.propertyInfo);
    if (seal.keyId === null || seal.sesSeal === null) refuse('ERR_SEAL_NOT_ACTIVE', 'the seal has not been made', { sealId: seal.id });

    const signer = await deps.vault.signerFor(seal.keyId);
    let der: Uint8Array;
    try {
      der = (await signWithSeal({ seal: SESeal.decode(seal.sesSeal), signer, dataHash, propertyInfo, time: now })).der;
    } catch (e) {
      throw isCryptoError(e) ? new AppError('ERR_INTERNAL', e.message, { cause: e, details: { reason: e.code } }) : e;
    }

    const hex = Buffer.from(dataHash).toString('hex');
    const use: SealUse = {
      id: newId('use'), sealId: seal.id, accountId: clerk.id, at: now.toISOString(),
      documentSm3: hex, signedDigest: hex, reason, fieldName: DETACHED_FIELD,
    };
    await recordSealUse(deps, use, {
      actor: auditActor(clerk), action: 'seal.use', object: seal.id, outcome: 'success', ...requestFacts(actor),
      details: {
        useId: use.id, sealCode: seal.code, mode: 'detached', documentSm3: hex, signedDigest: hex, propertyInfo, reason,
        given: input.data === undefined ? 'sm3' : 'data', acr: input.session.acr, amr: [...input.session.amr],
      },
    });
    return { signature: der, dataHash, use };
  } catch (e) {
    await auditFailedUse(deps, input?.sealId, clerk, actor, e);
    throw e;
  }
}
