// What the seal use cases work with, and the rules they share: who is acting, who administers a
// seal, how a status change is stored and audited, and where the trust material comes from.
import { randomBytes } from 'node:crypto';
import type { Account, StaffRole } from '../../domain/account.ts';
import { AppError } from '../../domain/errors.ts';
import type { ErrorCode } from '../../domain/errors.ts';
import { roleFor } from '../../domain/admin-duties.ts';
import { PlatformKeys } from '../../domain/platform-keys.ts';
import { effectiveStatus, mayMove, ownerKey, organisationOf } from '../../domain/seal.ts';
import type { RevocationReason, Seal, SealStatus } from '../../domain/seal.ts';
import type { AccountStore } from '../../ports/account-store.ts';
import type { Clock } from '../../ports/clock.ts';
import type { KeyVault } from '../../ports/key-vault.ts';
import type { SealImageRenderer } from '../../ports/seal-image-renderer.ts';
import type { SealCrlStore, SealGrantStore, SealStore } from '../../ports/seal-store.ts';
import type { AuditLog } from '../audit/audit-log.ts';

export interface SealSettings {
  /** GB/T 2260 code of the city, the first six digits of every seal code, e.g. `330100`. */
  divisionCode: string;
  /** The platform's organisation name, in the seal maker's certificate. */
  organisation: string;
  /** Base URL where CRLs are published (`<publicUrl>/pki/crl/<key id>.crl`). */
  publicUrl: string;
  /** How recent the step-up authentication before a stamp must be. */
  stepUpMaxAgeMinutes: number;
  /** Resolution of generated seal images. */
  printDpi: number;
  /** How long a CRL of the seal-maker CA stays current. */
  crlValidityHours: number;
  /** Largest PDF accepted for stamping. */
  maxPdfBytes: number;
  /** Largest uploaded seal image. */
  maxImageBytes: number;
}

export const DEFAULT_SEAL_SETTINGS: Omit<SealSettings, 'divisionCode' | 'organisation' | 'publicUrl'> = {
  stepUpMaxAgeMinutes: 10,
  printDpi: 300,
  crlValidityHours: 24,
  maxPdfBytes: 50 * 1024 * 1024,
  maxImageBytes: 1024 * 1024,
};

export interface SealDeps {
  seals: SealStore;
  grants: SealGrantStore;
  crls: SealCrlStore;
  accounts: AccountStore;
  vault: KeyVault;
  audit: AuditLog;
  clock: Clock;
  renderer: SealImageRenderer;
  settings: SealSettings;
}

/** Who asks, as the HTTP layer knows it: the signed-in account and the request's origin. */
export interface SealActor {
  accountId: string;
  clientIp?: string | null;
  requestId?: string | null;
}

/** Vault id of the seal maker's signing key (end entity under the seal-maker CA). */
export const SEAL_MAKER_SIGNING_KEY = 'seal-maker-signing';

/** Vault id of a seal's own key. */
export const sealKeyId = (sealId: string) => `seal:${sealId}`;

/** A new id: 128 random bits with a readable prefix. */
export function newId(prefix: 'seal' | 'grant' | 'use'): string {
  return `${prefix}_${randomBytes(16).toString('base64url')}`;
}

export function refuse(code: ErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new AppError(code, message, details === undefined ? undefined : { details });
}

export function invalid(field: string, why: string): never {
  throw new AppError('ERR_VALIDATION', `${field}: ${why}`, { details: { issues: [{ path: [field], message: why }] } });
}

/** A reason for a change: required, trimmed, at most 500 characters. */
export function reasonText(reason: unknown): string {
  const r = typeof reason === 'string' ? reason.trim() : '';
  if (r === '' || [...r].length > 500) invalid('reason', 'must be 1–500 characters');
  return r;
}

/** The acting account; ERR_FORBIDDEN when it does not exist or is disabled. */
export async function actingAccount(deps: Pick<SealDeps, 'accounts'>, actor: SealActor): Promise<Account> {
  const account = actor?.accountId ? await deps.accounts.findById(actor.accountId) : null;
  if (account === null || account.status !== 'active') refuse('ERR_FORBIDDEN', 'no active account', { accountId: actor?.accountId });
  return account;
}

export function hasRole(account: Account, role: StaffRole): boolean {
  return account.kind === 'staff' && (account.staff?.roles.includes(role) ?? false);
}

/**
 * The seal's administrator: a `seal_keeper` of the owning department, or the legal person that
 * owns it (acting through its own account).
 */
export function administers(account: Account, seal: Pick<Seal, 'owner'>): boolean {
  const org = organisationOf(account);
  if (org === null || ownerKey(org) !== ownerKey(seal.owner)) return false;
  return seal.owner.kind === 'legal_person' || hasRole(account, 'seal_keeper');
}

/**
 * True for the holder of the `seals` duty (ADMIN_DUTIES, the security administrator): they suspend,
 * resume and revoke any seal and grant or end its use, beside the seal's own administrator.
 */
export function holdsSealDuty(account: Account): boolean {
  return account.status === 'active' && hasRole(account, roleFor('seals'));
}

export async function requireSeal(deps: Pick<SealDeps, 'seals'>, sealId: string): Promise<Seal> {
  const seal = typeof sealId === 'string' && sealId.length <= 40 ? await deps.seals.find(sealId) : null;
  if (seal === null) refuse('ERR_NOT_FOUND', 'no such seal', { sealId });
  return seal;
}

/** The audit actor of an account. */
export const auditActor = (account: Account) => ({ id: account.id, kind: account.kind });

/** Request facts for the audit record. */
export const requestFacts = (actor: SealActor) => ({ clientIp: actor.clientIp ?? null, requestId: actor.requestId ?? null });

/** The refusal for a seal that cannot be used or changed because of its (effective) status. */
export function statusRefusal(status: SealStatus): ErrorCode {
  switch (status) {
    case 'pending': return 'ERR_SEAL_NOT_ACTIVE';
    case 'suspended': return 'ERR_SEAL_SUSPENDED';
    case 'revoked': return 'ERR_SEAL_REVOKED';
    case 'expired': return 'ERR_SEAL_EXPIRED';
    default: return 'ERR_SEAL_TRANSITION';
  }
}

/**
 * Move a seal to `to`, storing the change and its event together, then audit it. A seal past its
 * validEnd is expired whatever its stored status, so only the move to `expired` is allowed then.
 */
export async function changeStatus(
  deps: Pick<SealDeps, 'seals' | 'audit' | 'clock'>,
  seal: Seal,
  to: SealStatus,
  change: { actor: Account | null; request?: SealActor; reason: string; revocationReason?: RevocationReason },
): Promise<Seal> {
  const now = deps.clock.now();
  const current = to === 'expired' ? seal.status : effectiveStatus(seal, now);
  if (!mayMove(current, to)) {
    refuse(current === seal.status ? 'ERR_SEAL_TRANSITION' : statusRefusal(current), `a ${current} seal cannot become ${to}`, { sealId: seal.id, from: current, to });
  }
  const events = await deps.seals.events(seal.id);
  const at = now.toISOString();
  const updated: Seal = { ...seal, status: to, updatedAt: at, version: seal.version + 1 };
  await deps.seals.update(updated, seal.version, {
    sealId: seal.id, seq: (events.at(-1)?.seq ?? 0) + 1, at, from: seal.status, to,
    actorId: change.actor?.id ?? null, reason: change.reason, revocationReason: change.revocationReason ?? null,
  });
  await deps.audit.append({
    actor: change.actor ? auditActor(change.actor) : { id: null, kind: 'system' },
    action: `seal.${to === 'active' && seal.status === 'suspended' ? 'resume' : { active: 'activate', suspended: 'suspend', revoked: 'revoke', expired: 'expire', pending: 'apply' }[to]}`,
    object: seal.id, outcome: 'success', ...(change.request ? requestFacts(change.request) : {}),
    details: { sealCode: seal.code, from: seal.status, to, reason: change.reason, ...(change.revocationReason ? { revocationReason: change.revocationReason } : {}) },
  });
  return updated;
}

/** The platform's root certificate and the seal-maker CA's certificate and signer, from the vault. */
export async function sealMakerCa(deps: Pick<SealDeps, 'vault'>) {
  const [root, ca] = await Promise.all([deps.vault.info(PlatformKeys.rootCa), deps.vault.info(PlatformKeys.sealMakerCa)]);
  const rootDer = root?.certificateChain[0];
  const caChain = ca?.certificateChain ?? [];
  if (rootDer === undefined || caChain.length === 0) refuse('ERR_NOT_READY', 'platform keys are not initialised');
  return { root: rootDer, caChain, signer: () => deps.vault.signerFor(PlatformKeys.sealMakerCa) };
}
