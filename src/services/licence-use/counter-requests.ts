// The counter flow (窗口扫码用证): what a window system's one-time request is, where it lives, and
// the rules its use cases share.
//
// A request has an id (for the window system, which polls and retrieves with its own token) and
// a code (for the QR code the holder scans). The code is 32 random bytes behind a prefix that
// tells it from a QR-login code; it names nothing, and the store keeps only its SM3 digest. The
// record lives in the shared key-value store under the id. Each step that may happen only once
// (the scan, the decision, the retrieval) is claimed with an atomic counter: the first claim
// gets 1, every later or concurrent one more, so two phones or two window processes never both win.
import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import type { KvStore } from '../../ports/kv-store.ts';
import type { LicenceUseDeps } from './licence-use-deps.ts';

export interface CounterDeps extends LicenceUseDeps {
  kv: KvStore;
}

export const COUNTER = {
  /** How long a code may be scanned and approved. */
  ttlSeconds: 300,
  /** How long after approval the window may retrieve. */
  retrieveWithinSeconds: 600,
  /** How long a record is kept, so a late scan hears "expired" rather than "unknown". */
  keepSeconds: 1800,
  /** Scans one person may make per minute. */
  scansPerMinute: 20,
  /** The lowest level of the phone's sign-in session that may approve. */
  minimumLevel: 'L2',
} as const;

export type CounterStored = 'pending' | 'scanned' | 'approved' | 'denied' | 'retrieved';
export type CounterStatus = CounterStored | 'expired';

/** Whose licences the approval covers: the pseudonymous holder index key, never an ID number. */
export interface CounterHolder {
  readonly kind: 'citizen' | 'legal_person';
  readonly key: string;
}

export interface CounterRequest {
  readonly id: string;
  readonly clientId: string;
  readonly appName: string;
  readonly itemCode: string;
  /** Null: one retrieval; otherwise a standing consent for this many days. */
  readonly standingDays: number | null;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly status: CounterStored;
  readonly scannedBy?: string;
  readonly scannedAt?: string;
  readonly decidedAt?: string;
  readonly consentId?: string;
  readonly holder?: CounterHolder;
  readonly useId?: string;
}

export const REQUEST_ID = /^lur_[A-Za-z0-9_-]{22}$/;
export const COUNTER_CODE = /^lu_[A-Za-z0-9_-]{43}$/;
const digest = (code: string) => createHash('sm3').update(code, 'utf8').digest('hex');
const recordKey = (id: string) => `lu:counter:${id}`;
const codeKey = (code: string) => `lu:counter:code:${digest(code)}`;

export const newCounterCode = (): string => `lu_${randomBytes(32).toString('base64url')}`;

/** The link the QR code holds: the city app's scan page with the code in the fragment. */
export const counterLink = (publicUrl: string, code: string): string => `${publicUrl.replace(/\/+$/, '')}/app/scan#use=${code}`;

/** The code in what the phone read: the code itself or the whole link; null when it is neither. */
export function codeFrom(text: string): string | null {
  const s = text.trim();
  const inLink = /[#&?]use=(lu_[A-Za-z0-9_-]{43})$/.exec(s)?.[1];
  if (inLink) return inLink;
  return COUNTER_CODE.test(s) ? s : null;
}

export async function saveRequest(deps: Pick<CounterDeps, 'kv'>, r: CounterRequest, code?: string): Promise<void> {
  await deps.kv.set(recordKey(r.id), JSON.stringify(r), COUNTER.keepSeconds);
  if (code !== undefined) await deps.kv.set(codeKey(code), r.id, COUNTER.keepSeconds);
}

export async function requestById(deps: Pick<CounterDeps, 'kv'>, id: string): Promise<CounterRequest> {
  const text = REQUEST_ID.test(id) ? await deps.kv.get(recordKey(id)) : null;
  if (text === null) throw new AppError('ERR_LICENCE_USE_REQUEST_UNKNOWN', 'no such licence-use request');
  return JSON.parse(text) as CounterRequest;
}

export async function requestByCode(deps: Pick<CounterDeps, 'kv'>, code: string): Promise<CounterRequest> {
  const id = await deps.kv.get(codeKey(code));
  if (id === null) throw new AppError('ERR_LICENCE_USE_REQUEST_UNKNOWN', 'unknown licence-use request code');
  return requestById(deps, id);
}

/** True for the first claim of a step only. */
export async function claim(deps: Pick<CounterDeps, 'kv'>, id: string, step: 'scan' | 'decide' | 'retrieve'): Promise<boolean> {
  return (await deps.kv.increment(`${recordKey(id)}:${step}`, COUNTER.keepSeconds)) === 1;
}

/** The status as of now: an unanswered request past its time, or an approval not used in time, is expired. */
export function statusAt(r: CounterRequest, now: Date): CounterStatus {
  const t = now.getTime();
  if ((r.status === 'pending' || r.status === 'scanned') && t >= Date.parse(r.expiresAt)) return 'expired';
  if (r.status === 'approved' && t >= Date.parse(r.decidedAt ?? r.expiresAt) + COUNTER.retrieveWithinSeconds * 1000) return 'expired';
  return r.status;
}
