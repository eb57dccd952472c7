// What the security administrator's account use cases work with (citizens', legal persons' and,
// for sessions and lockouts, staff accounts), and how an account reads back to them: masked, never
// a password hash, a sealed secret or a full ID number.
import type { Account } from '../../domain/account.ts';
import { AppError } from '../../domain/errors.ts';
import { maskIp, maskName, maskPhone } from '../../domain/masking.ts';
import type { AccountSessions, ActiveSession } from '../../ports/account-sessions.ts';
import type { AccountStore } from '../../ports/account-store.ts';
import type { DataKeys } from '../../ports/data-keys.ts';
import type { KvStore } from '../../ports/kv-store.ts';
import type { StaffDirectoryStore } from '../../ports/staff-directory-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { THROTTLE, accountThrottleKey } from '../identity/identity-deps.ts';
import { RESET, resetCodeFailuresKey } from '../identity/start-password-reset.ts';
import type { StaffActor } from '../staff/staff-deps.ts';

export interface AccountAdminDeps {
  accounts: AccountStore;
  /** For an account's status (the same update for every kind of account). */
  directory: Pick<StaffDirectoryStore, 'setStatus'>;
  dataKeys: DataKeys;
  audit: AuditLog;
  sessions: AccountSessions;
  /** Where the sign-in and recovery lockout counters are kept. */
  kv: KvStore;
}

export type AccountActor = StaffActor;

/** Which accounts a page or API may work on: the people's (citizens, legal persons), or any (sessions and lockouts). */
export type AccountScope = 'people' | 'any';

/** An account as the security administrator sees it. */
export interface MaskedAccount {
  id: string;
  kind: Account['kind'];
  /** A person's name masked (张*丰); a legal person's registered name as registered (public). */
  name: string;
  phone: string | null;
  /** 110101********1234, or null. */
  idNumber: string | null;
  /** Whether the ID number has been real-name checked (it has a blind index). */
  idNumberChecked: boolean;
  creditCode: string | null;
  staffNumber: string | null;
  status: Account['status'];
  /** Real-name assurance level (L1–L4). */
  assurance: Account['assurance'];
  hasPassword: boolean;
  authenticator: boolean;
  /** Sign-in names or the recovery phone locked out after too many failures, right now. */
  lockedOut: boolean;
  createdAt: string;
}

/** A sign-in session as the security administrator sees it: the address's host hidden. */
export type MaskedSession = Omit<ActiveSession, 'uid'>;

/** The lockout counters an account's sign-ins and recovery count failures under. */
export function lockoutKeysOf(account: Account): { key: string; limit: number }[] {
  const names = [`phone:${account.phone}`, `idx:${account.citizen?.idNumberIndex}`, `staff:${account.staff?.staffNumber}`, `uscc:${account.legalPerson?.creditCode}`];
  const present = [account.phone, account.citizen?.idNumberIndex, account.staff?.staffNumber, account.legalPerson?.creditCode];
  const keys = names.filter((_, i) => present[i]).map((n) => ({ key: accountThrottleKey(n), limit: THROTTLE.perLogin as number }));
  if (account.phone) keys.push({ key: resetCodeFailuresKey(account.phone), limit: RESET.wrongCodesPerPhone });
  return keys;
}

export async function isLockedOut(kv: KvStore, account: Account): Promise<boolean> {
  const counts = await Promise.all(lockoutKeysOf(account).map(async (k) => ({ n: Number((await kv.get(k.key)) ?? 0), limit: k.limit })));
  return counts.some((c) => c.n >= c.limit);
}

export async function maskedAccount(kv: KvStore, a: Account): Promise<MaskedAccount> {
  return {
    id: a.id, kind: a.kind, name: a.kind === 'legal_person' ? a.name : maskName(a.name), phone: a.phone ? maskPhone(a.phone) : null,
    idNumber: a.citizen?.idNumberMasked ?? null, idNumberChecked: Boolean(a.citizen?.idNumberIndex),
    creditCode: a.legalPerson?.creditCode ?? null, staffNumber: a.staff?.staffNumber ?? null,
    status: a.status, assurance: a.assurance, hasPassword: a.passwordHash !== null, authenticator: a.totpSealed !== null,
    lockedOut: await isLockedOut(kv, a), createdAt: a.createdAt,
  };
}

export function maskedSessions(sessions: ActiveSession[]): MaskedSession[] {
  return sessions.map(({ uid: _uid, device, ...s }) => ({ ...s, device: device && { ...device, ip: maskIp(device.ip) } }));
}

/** The account by id within `scope`; ERR_NOT_FOUND for anything else (a staff id on the people's pages too). */
export async function existingAccount(accounts: AccountStore, id: string, scope: AccountScope): Promise<Account> {
  const a = await accounts.findById(id);
  if (!a || (scope === 'people' && a.kind === 'staff')) throw new AppError('ERR_NOT_FOUND', 'no such account', { details: { accountId: id } });
  return a;
}

export const auditActor = (a: AccountActor) => ({ actor: { id: a.id, kind: a.kind }, clientIp: a.clientIp, requestId: a.requestId });
