// The whole audit verification on an auditor's request (what `yinxin audit verify` does: every
// record, the signed checkpoints against the pinned root, the witness), recorded in the log.
// Steps: join the verification already running in this process, if any (one walk of a long log
// at a time) → else start one → append `audit.verify` with who asked and the outcome → the report.
import type { AuditLog } from './audit-log.ts';
import type { Auditor } from './authorize-auditor.ts';
import type { AuditLogReport } from './verify-audit-log.ts';

export interface VerifyNowDeps {
  verify(): Promise<AuditLogReport>;
  audit: AuditLog;
}

/** The verification running for each verify function (each service's log). */
const running = new WeakMap<VerifyNowDeps['verify'], Promise<AuditLogReport>>();

export async function verifyAuditNow(deps: VerifyNowDeps, who: Auditor): Promise<AuditLogReport> {
  let walk = running.get(deps.verify);
  if (!walk) {
    walk = deps.verify().finally(() => running.delete(deps.verify));
    running.set(deps.verify, walk);
  }
  const report = await walk;
  await deps.audit.append({
    actor: { id: who.id, kind: who.kind }, action: 'audit.verify', object: null, outcome: 'success',
    clientIp: who.clientIp, requestId: who.requestId,
    details: { ok: report.ok, verified: report.verified, findings: report.findings.length, first: report.firstBroken?.reason ?? null },
  });
  return report;
}
