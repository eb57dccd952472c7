// A registered government system retrieves a holder's licences for a service item (用证, 免提交).
// Steps: the holder's identity type and number are well formed → the item exists → the app holds
// the licence-use permission for it → the types and fields asked for are on the item's list
// (refused, never trimmed) → the ground: a consent in force for this app, item and holder, or the
// app's legal basis for the item with a case number → the holder's current licences of the
// listed types, each with its status now and only the listed fields (and its sealed PDF and/or
// OFD on request) → the signed use receipt → a one-time consent is spent (a racing retrieval loses) →
// the use is recorded for the holder and audited. A refusal is audited with its code.
import { normalizeCreditCode, isValidCreditCode } from '../../domain/credit-code.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
import { selectFromItem, useReceiptBytes } from '../../domain/licence-use.ts';
import type { ItemLicence, ServiceItem, UseReceiptPayload } from '../../domain/licence-use.ts';
import { normalizeResidentId, isValidResidentId } from '../../domain/resident-id.ts';
import { HOLDER_ID_TYPES } from '../../domain/licence.ts';
import type { VerificationReceipt } from '../../domain/verification-receipt.ts';
import type { LicenceUseDeps } from './licence-use-deps.ts';
import { newId, useRefusal } from './licence-use-deps.ts';
import { consentGround, legalBasisGround } from './use-grounds.ts';
import type { Ground, HolderRef } from './use-grounds.ts';
import { readUsedLicence } from './used-licence.ts';
import type { FileFormat, UsedLicence } from './used-licence.ts';

export interface RetrievalRequest {
  readonly clientId: string;
  /** The person a sign-in token was issued to; null for a system's own token. */
  readonly accountId: string | null;
  readonly itemCode: string;
  /** The holder as the caller names them, or as a counter request resolved them (index key only). */
  readonly holder: { readonly idType: string; readonly idNumber: string } | HolderRef;
  readonly ground: { readonly consentId: string } | { readonly caseNumber: string };
  readonly types?: readonly string[];
  readonly fields?: readonly string[];
  /** The sealed files to include with each licence (none: data only). */
  readonly files: readonly FileFormat[];
}

export interface Retrieval {
  readonly useId: string;
  readonly item: Pick<ServiceItem, 'code' | 'name'>;
  readonly ground: { readonly consentId: string } | { readonly legalBasis: string; readonly caseNumber: string };
  readonly statusAsOf: string;
  readonly licences: readonly UsedLicence[];
  readonly receipt: VerificationReceipt;
}

export async function retrieveLicences(deps: LicenceUseDeps, req: RetrievalRequest, ctx: { clientIp: string | null; requestId: string | null }): Promise<Retrieval> {
  try {
    return await retrieve(deps, req, ctx);
  } catch (e) {
    if (isAppError(e) && e.code !== 'ERR_STORE_UNAVAILABLE' && e.code !== 'ERR_INTERNAL') {
      await deps.audit.append({
        actor: { id: req.clientId, kind: 'client' }, action: 'licence_use.retrieve', object: req.itemCode.slice(0, 64), outcome: 'denied',
        clientIp: ctx.clientIp, requestId: ctx.requestId,
        details: { refusal: e.code, person: req.accountId, ...('consentId' in req.ground ? { consent: req.ground.consentId } : { caseNumber: req.ground.caseNumber }) },
      });
    }
    throw e;
  }
}

async function holderRef(deps: LicenceUseDeps, holder: RetrievalRequest['holder']): Promise<HolderRef> {
  if ('key' in holder) return holder;
  if (holder.idType === HOLDER_ID_TYPES.citizen && isValidResidentId(normalizeResidentId(holder.idNumber))) {
    return { kind: 'citizen', key: await deps.licences.holderIndex.keyFor('citizen', holder.idNumber) };
  }
  if (holder.idType === HOLDER_ID_TYPES.legal_person && isValidCreditCode(normalizeCreditCode(holder.idNumber))) {
    return { kind: 'legal_person', key: await deps.licences.holderIndex.keyFor('legal_person', holder.idNumber) };
  }
  throw useRefusal('ERR_LICENCE_USE_HOLDER_MALFORMED', 'holder', 'the identity type is not 111 or 001, or the number fails its check');
}

async function retrieve(deps: LicenceUseDeps, req: RetrievalRequest, ctx: { clientIp: string | null; requestId: string | null }): Promise<Retrieval> {
  const holder = await holderRef(deps, req.holder);
  const [item, permission] = await Promise.all([deps.items.findItem(req.itemCode), deps.items.findPermission(req.clientId, req.itemCode)]);
  if (!item) throw new AppError('ERR_LICENCE_USE_UNKNOWN_ITEM', 'no such service item');
  if (!permission) throw new AppError('ERR_LICENCE_USE_NOT_GRANTED', 'the app holds no licence-use permission for this item');
  const chosen = selectFromItem(item, req.types, req.fields);
  if (!chosen.ok) throw useRefusal('ERR_LICENCE_USE_NOT_LISTED', chosen.reason === 'type_not_listed' ? 'types' : 'fields', `${chosen.name} is not on the item's licence list`);
  const ground: Ground = 'consentId' in req.ground
    ? await consentGround(deps, { clientId: req.clientId, accountId: req.accountId, itemCode: item.code, consentId: req.ground.consentId, holder })
    : legalBasisGround(permission, req.ground.caseNumber);

  const now = deps.clock.now();
  const licences = await holdersLicences(deps, holder.key, chosen.licences, req.files, now);
  const useId = newId('lu', deps.random);
  const groundView = 'consent' in ground ? { consentId: ground.consent.id } : ground;
  const receipt = await signUseReceipt(deps, {
    type: 'yinxin-licence-use-receipt-v1', useId, at: now.toISOString(), client: req.clientId, serviceItem: item.code,
    ground: 'consent' in ground ? { consent: ground.consent.id } : ground,
    licences: licences.map((l) => ({ identifier: l.identifier, statusCode: l.status.code, fields: Object.keys(l.fields), dataSm3: l.dataSm3, fileSm3: l.file?.sm3 ?? null, ...(l.ofdFile ? { ofdSm3: l.ofdFile.sm3 } : {}) })),
  });
  if ('consent' in ground && ground.consent.mode === 'once' && !(await deps.records.markUsed(ground.consent.id, now.toISOString()))) {
    throw new AppError('ERR_LICENCE_USE_CONSENT_ENDED', 'the one-time consent was used or withdrawn meanwhile', { details: { state: 'used' } });
  }
  const fields = Object.fromEntries(chosen.licences.map((l) => [l.typeCode, l.fields]));
  await deps.records.addUse({
    id: useId, clientId: req.clientId, itemCode: item.code, holderKey: holder.key, licenceIdentifiers: licences.map((l) => l.identifier), fields,
    consentId: 'consent' in ground ? ground.consent.id : null, legalBasis: 'legalBasis' in ground ? ground.legalBasis : null,
    caseNumber: 'caseNumber' in ground ? ground.caseNumber : null, withFiles: req.files.length > 0, at: now.toISOString(),
  });
  await deps.audit.append({
    actor: { id: req.clientId, kind: 'client' }, action: 'licence_use.retrieve', object: item.code, outcome: 'success', clientIp: ctx.clientIp, requestId: ctx.requestId,
    details: { use: useId, person: req.accountId, ground: groundView, licences: licences.map((l) => l.identifier), fields, files: req.files },
  });
  return { useId, item: { code: item.code, name: item.name }, ground: groundView, statusAsOf: now.toISOString(), licences, receipt };
}

/** The holder's licences of the listed types that have not been replaced by a newer version. */
async function holdersLicences(deps: LicenceUseDeps, holderKey: string, listed: readonly ItemLicence[], files: readonly FileFormat[], now: Date): Promise<UsedLicence[]> {
  const byType = new Map(listed.map((l) => [l.typeCode, l.fields]));
  const records = (await deps.licences.store.listByHolder(holderKey)).filter((l) => byType.has(l.typeCode) && l.status !== 'superseded');
  return Promise.all(records.map((l) => readUsedLicence(deps, l, byType.get(l.typeCode) ?? [], files, now)));
}

async function signUseReceipt(deps: LicenceUseDeps, payload: UseReceiptPayload): Promise<VerificationReceipt> {
  const signer = await deps.receiptSigner();
  const { text, bytes } = useReceiptBytes(payload);
  const signature = await signer.sign(bytes);
  return {
    payload: text, signature: Buffer.from(signature).toString('base64'), algorithm: 'SM2-SM3', signerId: '1234567812345678',
    keyId: signer.keyId, certificateChain: signer.certificateChain.map((c) => Buffer.from(c).toString('base64')),
  };
}
