// What the staff directory use cases work with, who acts in them, the errors they give (field
// issues with stable codes), and how a staff member reads back to administrators.
import { randomInt } from 'node:crypto';
import type { Account } from '../../domain/account.ts';
import { departmentPath } from '../../domain/department.ts';
import type { Department } from '../../domain/department.ts';
import { AppError } from '../../domain/errors.ts';
import type { AccountSessions } from '../../ports/account-sessions.ts';
import type { AccountStore } from '../../ports/account-store.ts';
import type { Clock } from '../../ports/clock.ts';
import type { DataKeys } from '../../ports/data-keys.ts';
import type { PasswordHasher } from '../../ports/password-hasher.ts';
import type { StaffDirectoryStore } from '../../ports/staff-directory-store.ts';

export type { Position } from '../../ports/staff-directory-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';

export interface StaffDeps {
  accounts: AccountStore;
  directory: StaffDirectoryStore;
  hasher: PasswordHasher;
  dataKeys: DataKeys;
  audit: AuditLog;
  clock: Clock;
  sessions: AccountSessions;
}

/** An administrator (or an operator command) with where the request came from. */
export interface StaffActor {
  id: string;
  kind: 'staff' | 'system';
  clientIp: string | null;
  requestId: string | null;
}

export const auditActor = (a: StaffActor) => ({ actor: { id: a.id, kind: a.kind }, clientIp: a.clientIp, requestId: a.requestId });

export interface FieldIssue {
  path: (string | number)[];
  code: string;
  message: string;
}

/** ERR_VALIDATION naming the fields and a stable code for each (never their values). */
export function invalid(...issues: FieldIssue[]): AppError {
  return new AppError('ERR_VALIDATION', issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), { details: { issues } });
}

/** A staff member as administrators see it: no password hash, no sealed secrets. */
export interface StaffSummary {
  id: string;
  staffNumber: string;
  name: string;
  phone: string | null;
  departmentId: string;
  department: string[];
  positions: string[];
  roles: string[];
  status: Account['status'];
  totpEnrolled: boolean;
  createdAt: string;
}

export function staffSummary(a: Account, byId: ReadonlyMap<string, Department>): StaffSummary {
  const s = a.staff as NonNullable<Account['staff']>;
  return {
    id: a.id, staffNumber: s.staffNumber, name: a.name, phone: a.phone, departmentId: s.departmentId,
    department: departmentPath(s.departmentId, byId), positions: s.positions, roles: s.roles, status: a.status,
    totpEnrolled: a.totpSealed !== null, createdAt: a.createdAt,
  };
}

export async function departmentsById(accounts: AccountStore): Promise<Map<string, Department>> {
  return new Map((await accounts.departments()).map((d) => [d.id, d]));
}

/** A staff account by id; ERR_NOT_FOUND for anything else. */
export async function existingStaff(accounts: AccountStore, id: string): Promise<Account> {
  const a = await accounts.findById(id);
  if (!a || a.kind !== 'staff' || !a.staff) throw new AppError('ERR_NOT_FOUND', 'no such staff member', { details: { accountId: id } });
  return a;
}

// No look-alikes (0/O, 1/l/I): read off a screen and typed once.
const INITIAL_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time initial password: 16 characters, about 92 bits. */
export function initialPassword(): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += INITIAL_ALPHABET[randomInt(INITIAL_ALPHABET.length)];
  return s;
}
