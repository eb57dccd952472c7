// The holder's side of the counter flow (窗口扫码用证), in the city app.
// Scan steps: the phone's sign-in session is at L2 or higher → the person's scans per minute →
// the code is well formed and known → not expired → not scanned before (claimed once) → the
// request as the holder is to see it: which system, which item (department, legal basis), per
// licence type the fields to be shared, one-time or standing, and whose licences may be given
// (the person's own, or an enterprise's they may act for in that system) → audit.
// Decision steps: session level → the code is known, not expired, scanned by this person and not
// decided (claimed once) → confirm: the holder chosen is the person or an enterprise they may act
// for → the consent, as through sign-in (recordLicenceUseConsent) → approved, with the consent and
// the holder's index key; decline: denied → audit. Every refusal is audited with its code.
import { acrSatisfies } from '../../domain/assurance.ts';
import { accountKindOfId } from '../../domain/account.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
import { actingOptions } from '../acting/acting-options.ts';
import type { CounterDeps, CounterHolder, CounterRequest } from './counter-requests.ts';
import { COUNTER, claim, codeFrom, requestByCode, saveRequest, statusAt } from './counter-requests.ts';
import { recordLicenceUseConsent } from './record-licence-use-consent.ts';
import { readLicenceUseRequest } from './licence-use-request.ts';

type Ctx = { clientIp: string | null; requestId: string | null };

/** The phone: the person and their sign-in session, read from their access token. */
export interface CounterPhone {
  readonly accountId: string;
  readonly clientId: string;
  /** The session behind the token, or null when it has ended. */
  readonly session: { readonly acr: string | null } | null;
}

export interface HolderChoice {
  /** `self`, or the enterprise's unified social credit code. */
  readonly id: string;
  readonly kind: 'citizen' | 'legal_person';
  readonly name: string;
  readonly role: 'self' | 'legal_representative' | 'agent';
}

export interface ScannedRequest {
  readonly app: { readonly clientId: string; readonly name: string };
  readonly item: { readonly code: string; readonly name: string; readonly department: string; readonly legalBasis: string };
  readonly licences: readonly { readonly typeCode: string; readonly typeName: string; readonly fields: readonly string[] }[];
  readonly mode: 'once' | 'standing';
  readonly standingDays: number | null;
  readonly expiresAt: string;
  readonly holders: readonly HolderChoice[];
}

function checkLevel(phone: CounterPhone): void {
  const s = phone.session;
  if (!s || !s.acr || !acrSatisfies(s.acr, COUNTER.minimumLevel)) {
    throw new AppError('ERR_LICENCE_USE_REQUEST_LEVEL', 'the phone sign-in session is below L2 or has ended', { details: { acr: s?.acr ?? null } });
  }
}

async function live(deps: CounterDeps, text: string): Promise<CounterRequest> {
  const code = codeFrom(text);
  if (code === null) throw new AppError('ERR_LICENCE_USE_REQUEST_MALFORMED', 'not a licence-use request code');
  const r = await requestByCode(deps, code);
  if (statusAt(r, deps.clock.now()) === 'expired') throw new AppError('ERR_LICENCE_USE_REQUEST_EXPIRED', 'the request has expired');
  return r;
}

async function audited<T>(deps: CounterDeps, phone: CounterPhone, action: string, ctx: Ctx, run: (note: (r: CounterRequest) => void) => Promise<[T, Record<string, unknown>]>): Promise<T> {
  const seen: { r: CounterRequest | null } = { r: null };
  const append = (outcome: 'success' | 'failure', details: Record<string, unknown>) => deps.audit.append({
    actor: { id: phone.accountId, kind: accountKindOfId(phone.accountId) }, action, object: seen.r?.id ?? null, outcome,
    clientIp: ctx.clientIp, requestId: ctx.requestId, details: { ...details, ...(seen.r ? { client: seen.r.clientId, item: seen.r.itemCode } : {}), viaClient: phone.clientId },
  });
  try {
    const [out, details] = await run((r) => { seen.r = r; });
    await append('success', details);
    return out;
  } catch (e) {
    if (isAppError(e)) await append('failure', { refusal: e.code });
    throw e;
  }
}

async function holderChoices(deps: CounterDeps, personId: string, clientId: string): Promise<HolderChoice[]> {
  const person = await deps.accounts.findById(personId);
  if (!person || person.status !== 'active') return [];
  const own: HolderChoice[] = person.citizen?.idNumberIndex ? [{ id: 'self', kind: 'citizen', name: person.name, role: 'self' }]
    : person.legalPerson ? [{ id: 'self', kind: 'legal_person', name: person.name, role: 'self' }] : [];
  const acting = await actingOptions(deps, personId, clientId);
  return [...own, ...acting.map((o): HolderChoice => ({ id: o.creditCode, kind: 'legal_person', name: o.name, role: o.role }))];
}

export async function scanCounterRequest(deps: CounterDeps, text: string, phone: CounterPhone, ctx: Ctx): Promise<ScannedRequest> {
  return audited(deps, phone, 'licence_use.request.scan', ctx, async (note) => {
    checkLevel(phone);
    if ((await deps.kv.increment(`throttle:licence-use-scan:${phone.accountId}`, 60)) > COUNTER.scansPerMinute) {
      throw new AppError('ERR_RATE_LIMITED', 'too many scans');
    }
    const r = await live(deps, text);
    note(r);
    if (r.status !== 'pending' || !(await claim(deps, r.id, 'scan'))) throw new AppError('ERR_LICENCE_USE_REQUEST_USED', 'the request code was scanned already');
    const asked = await readLicenceUseRequest(deps, r.clientId, { identifier: r.itemCode, ...(r.standingDays === null ? {} : { standing_days: r.standingDays }) });
    if ('refused' in asked) throw new AppError('ERR_LICENCE_USE_NOT_GRANTED', asked.refused);
    await saveRequest(deps, { ...r, status: 'scanned', scannedBy: phone.accountId, scannedAt: deps.clock.now().toISOString() });
    const out: ScannedRequest = {
      app: { clientId: r.clientId, name: r.appName },
      item: { code: asked.item.code, name: asked.item.name, department: asked.item.department.name, legalBasis: asked.item.legalBasis },
      licences: asked.licences, mode: r.standingDays === null ? 'once' : 'standing', standingDays: r.standingDays, expiresAt: r.expiresAt,
      holders: await holderChoices(deps, phone.accountId, r.clientId),
    };
    return [out, {}];
  });
}

export async function decideCounterRequest(
  deps: CounterDeps, input: { text: string; decision: 'confirm' | 'decline'; holder?: string }, phone: CounterPhone, ctx: Ctx,
): Promise<{ status: 'approved' | 'denied' }> {
  return audited<{ status: 'approved' | 'denied' }>(deps, phone, `licence_use.request.${input.decision}`, ctx, async (note) => {
    checkLevel(phone);
    const r = await live(deps, input.text);
    note(r);
    if (r.status === 'pending') throw new AppError('ERR_LICENCE_USE_REQUEST_NOT_SCANNED', 'the request code was not scanned yet');
    if (r.status !== 'scanned' || r.scannedBy !== phone.accountId) throw new AppError('ERR_LICENCE_USE_REQUEST_USED', 'the request code was used already');
    const now = deps.clock.now().toISOString();
    if (input.decision === 'decline') {
      if (!(await claim(deps, r.id, 'decide'))) throw new AppError('ERR_LICENCE_USE_REQUEST_USED', 'the request was decided already');
      await saveRequest(deps, { ...r, status: 'denied', decidedAt: now });
      return [{ status: 'denied' as const }, {}];
    }
    const holder = await chosenHolder(deps, phone.accountId, r.clientId, input.holder ?? 'self');
    if (!(await claim(deps, r.id, 'decide'))) throw new AppError('ERR_LICENCE_USE_REQUEST_USED', 'the request was decided already');
    const consent = await recordLicenceUseConsent(deps, {
      personId: phone.accountId, clientId: r.clientId, detail: { identifier: r.itemCode, ...(r.standingDays === null ? {} : { standing_days: r.standingDays }) },
    }, ctx);
    await saveRequest(deps, { ...r, status: 'approved', decidedAt: now, consentId: consent.id, holder });
    return [{ status: 'approved' as const }, { consent: consent.id, holderKind: holder.kind }];
  });
}

async function chosenHolder(deps: CounterDeps, personId: string, clientId: string, choice: string): Promise<CounterHolder> {
  const person = await deps.accounts.findById(personId);
  if (choice === 'self') {
    if (person?.citizen?.idNumberIndex) return { kind: 'citizen', key: `idx:${person.citizen.idNumberIndex}` };
    if (person?.legalPerson) return { kind: 'legal_person', key: `uscc:${person.legalPerson.creditCode}` };
  } else {
    const option = (await actingOptions(deps, personId, clientId)).find((o) => o.creditCode === choice);
    if (option) return { kind: 'legal_person', key: `uscc:${option.creditCode}` };
  }
  throw new AppError('ERR_LICENCE_USE_OTHER_HOLDER', 'the person may not consent for that holder');
}
