// The window system's side of the counter flow (窗口扫码用证).
// Open steps: the item exists → the app may use licences for it → a new id and code, the record
// pending for COUNTER.ttlSeconds → audit. Status steps: the request is this app's (else
// OTHER_WINDOW, audited) → its status as of now, with the consent's id once approved.
// Retrieval steps: the request is this app's → approved (not pending, scanned, denied, or
// expired) → claimed once → the retrieval of retrieveLicences, under the consent the holder gave
// and for the holder they chose → the record notes the use. Refusals before the retrieval are
// audited as `licence_use.request.retrieve`; the retrieval audits itself.
import { AppError, isAppError } from '../../domain/errors.ts';
import { MAX_STANDING_DAYS } from '../../domain/licence-use.ts';
import type { CounterDeps, CounterHolder, CounterRequest, CounterStatus } from './counter-requests.ts';
import { COUNTER, claim, newCounterCode, requestById, saveRequest, statusAt } from './counter-requests.ts';
import { newId } from './licence-use-deps.ts';
import { retrieveLicences } from './retrieve-licences.ts';
import type { Retrieval } from './retrieve-licences.ts';
import type { FileFormat } from './used-licence.ts';

type Ctx = { clientIp: string | null; requestId: string | null };

export interface OpenedRequest {
  readonly requestId: string;
  readonly code: string;
  readonly expiresAt: string;
}

export async function openCounterRequest(
  deps: CounterDeps, input: { clientId: string; itemCode: string; standingDays: number | null }, ctx: Ctx,
): Promise<OpenedRequest> {
  if (input.standingDays !== null && !(Number.isInteger(input.standingDays) && input.standingDays >= 1 && input.standingDays <= MAX_STANDING_DAYS)) {
    throw new AppError('ERR_VALIDATION', `standingDays must be an integer from 1 to ${MAX_STANDING_DAYS}`);
  }
  const [item, permission, app] = await Promise.all([
    deps.items.findItem(input.itemCode), deps.items.findPermission(input.clientId, input.itemCode), deps.apps.find(input.clientId),
  ]);
  if (!item) throw new AppError('ERR_LICENCE_USE_UNKNOWN_ITEM', 'no such service item');
  if (!permission) throw new AppError('ERR_LICENCE_USE_NOT_GRANTED', 'the app holds no licence-use permission for this item');
  const now = deps.clock.now();
  const code = newCounterCode();
  const record: CounterRequest = {
    id: newId('lur', deps.random), clientId: input.clientId, appName: String(app?.metadata.client_name ?? input.clientId), itemCode: item.code,
    standingDays: input.standingDays, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + COUNTER.ttlSeconds * 1000).toISOString(), status: 'pending',
  };
  await saveRequest(deps, record, code);
  await deps.audit.append({
    actor: { id: input.clientId, kind: 'client' }, action: 'licence_use.request.open', object: record.id, outcome: 'success',
    clientIp: ctx.clientIp, requestId: ctx.requestId, details: { item: item.code, standingDays: input.standingDays, expiresAt: record.expiresAt },
  });
  return { requestId: record.id, code, expiresAt: record.expiresAt };
}

export interface CounterRequestView {
  readonly requestId: string;
  readonly serviceItem: string;
  readonly status: CounterStatus;
  readonly mode: 'once' | 'standing';
  readonly expiresAt: string;
  /** Once approved: the consent, usable again by id for a standing one. */
  readonly consentId?: string;
  readonly holderKind?: 'citizen' | 'legal_person';
  readonly useId?: string;
}

/** The request, when it is the calling app's; refusals audited under `action`. */
async function ownRequest(deps: CounterDeps, clientId: string, id: string, action: string, ctx: Ctx): Promise<CounterRequest> {
  try {
    const r = await requestById(deps, id);
    if (r.clientId !== clientId) throw new AppError('ERR_LICENCE_USE_REQUEST_OTHER_WINDOW', 'the request belongs to another system');
    return r;
  } catch (e) {
    if (isAppError(e)) await refused(deps, clientId, id, action, e.code, ctx);
    throw e;
  }
}

async function refused(deps: CounterDeps, clientId: string, id: string, action: string, code: string, ctx: Ctx): Promise<void> {
  await deps.audit.append({
    actor: { id: clientId, kind: 'client' }, action, object: id.slice(0, 64), outcome: 'denied', clientIp: ctx.clientIp, requestId: ctx.requestId, details: { refusal: code },
  });
}

export async function counterRequestStatus(deps: CounterDeps, clientId: string, id: string, ctx: Ctx): Promise<CounterRequestView> {
  const r = await ownRequest(deps, clientId, id, 'licence_use.request.status', ctx);
  const status = statusAt(r, deps.clock.now());
  return {
    requestId: r.id, serviceItem: r.itemCode, status, mode: r.standingDays === null ? 'once' : 'standing', expiresAt: r.expiresAt,
    ...(r.consentId && status !== 'denied' ? { consentId: r.consentId } : {}),
    ...(r.holder ? { holderKind: r.holder.kind } : {}), ...(r.useId ? { useId: r.useId } : {}),
  };
}

export async function retrieveForRequest(
  deps: CounterDeps, input: { clientId: string; requestId: string; types?: readonly string[]; fields?: readonly string[]; files: readonly FileFormat[] }, ctx: Ctx,
): Promise<Retrieval> {
  const action = 'licence_use.request.retrieve';
  const r = await ownRequest(deps, input.clientId, input.requestId, action, ctx);
  try {
    const status = statusAt(r, deps.clock.now());
    if (status === 'expired') throw new AppError('ERR_LICENCE_USE_REQUEST_EXPIRED', 'the request has expired');
    if (status === 'retrieved') throw new AppError('ERR_LICENCE_USE_REQUEST_USED', 'the licences of this request were retrieved already');
    if (status !== 'approved' || !r.consentId || !r.holder) throw new AppError('ERR_LICENCE_USE_REQUEST_NOT_APPROVED', `the request is ${status}`);
    if (!(await claim(deps, r.id, 'retrieve'))) throw new AppError('ERR_LICENCE_USE_REQUEST_USED', 'the licences of this request were retrieved already');
  } catch (e) {
    if (isAppError(e)) await refused(deps, input.clientId, r.id, action, e.code, ctx);
    throw e;
  }
  // Approved requests carry both (checked above).
  const holder = r.holder as CounterHolder;
  const consentId = r.consentId as string;
  const out = await retrieveLicences(deps, {
    clientId: r.clientId, accountId: null, itemCode: r.itemCode, holder, ground: { consentId },
    ...(input.types ? { types: input.types } : {}), ...(input.fields ? { fields: input.fields } : {}), files: input.files,
  }, ctx);
  await saveRequest(deps, { ...r, status: 'retrieved', useId: out.useId });
  return out;
}
