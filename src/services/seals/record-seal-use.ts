// Record a seal's use together with its audit record. The use table and the audit chain are two
// stores (the audit chain may live apart from the registry), so no single transaction covers
// both. The audit record comes first and is the point of no return:
//   1. append `seal.use` (success) naming the use id — if this fails, nothing is recorded and the
//      signed result is thrown away, so no use exists without its audit record;
//   2. insert the use — if this fails, append the outcome: `seal.use` (failure) that voids the
//      use id (`voids`), retried a few times, and throw, so the signed result is never returned
//      and the chain itself says that the use claimed in step 1 did not happen.
// A reader of the audit chain counts a use only when no later record voids its id.
import type { SealUse } from '../../domain/seal.ts';
import type { AuditEvent } from '../audit/audit-log.ts';
import type { SealDeps } from './seal-deps.ts';

const VOID_ATTEMPTS = 3;

/** Failures already audited here, so the use case's general failure audit does not repeat them. */
const auditedFailures = new WeakSet<object>();

export function failureAudited(e: unknown): boolean {
  return typeof e === 'object' && e !== null && auditedFailures.has(e);
}

export async function recordSealUse(deps: Pick<SealDeps, 'grants' | 'audit'>, use: SealUse, event: AuditEvent): Promise<void> {
  await deps.audit.append({ ...event, outcome: 'success', details: { ...event.details, useId: use.id } });
  try {
    await deps.grants.recordUse(use);
  } catch (e) {
    const code = typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : 'ERR_INTERNAL';
    const outcome: AuditEvent = { ...event, outcome: 'failure', details: { voids: use.id, error: code, reason: 'use_not_recorded' } };
    for (let attempt = 1; attempt <= VOID_ATTEMPTS; attempt++) {
      try {
        await deps.audit.append(outcome);
        if (typeof e === 'object' && e !== null) auditedFailures.add(e);
        break;
      } catch {
        if (attempt < VOID_ATTEMPTS) await new Promise((r) => setTimeout(r, 20 * attempt));
      }
    }
    throw e;
  }
}
