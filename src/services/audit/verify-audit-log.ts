// Verify the audit log with its signed checkpoints.
// Steps: list checkpoints → for each: find the signing key's certificate chain → validate it to
// the pinned platform root at the checkpoint's time → verify the SM2 signature → then walk the
// chain, requiring every trusted checkpoint to match (see verify-audit-chain.ts). Without a
// trust anchor the checkpoints are reported as unchecked, never as trusted.
import { isCryptoError } from '../../crypto/errors.ts';
import { verify } from '../../crypto/sm2.ts';
import { validatePath } from '../../crypto/x509/validate-path.ts';
import { checkpointPayload } from '../../domain/audit-record.ts';
import type { AuditStore } from '../../ports/audit-store.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';
import type { AuditChainReport, TrustedCheckpoint } from './verify-audit-chain.ts';

export interface AuditLogReport extends AuditChainReport {
  checkpoints: { total: number; trusted: number; checked: boolean };
}

export async function verifyAuditLog(
  store: AuditStore,
  opts: { anchors: Uint8Array[]; certificateChainOf: (keyId: string) => Promise<Uint8Array[] | null> },
): Promise<AuditLogReport> {
  const all = await store.checkpoints();
  const checked = opts.anchors.length > 0;
  const trusted: TrustedCheckpoint[] = [];
  if (checked) {
    for (const cp of all) {
      const chain = await opts.certificateChainOf(cp.keyId);
      let ok = false;
      try {
        if (chain?.length) {
          const path = validatePath({ leaf: chain[0] as Uint8Array, intermediates: chain.slice(1), anchors: opts.anchors, at: new Date(cp.signedAt), keyUsage: ['digitalSignature'] });
          ok = verify(path.chain[0]!.publicKey, checkpointPayload(cp), Buffer.from(cp.signature, 'base64'));
        }
      } catch (e) {
        if (!isCryptoError(e)) throw e;
      }
      if (!ok) {
        return {
          ok: false, verified: 0, head: null, checkpoints: { total: all.length, trusted: trusted.length, checked },
          firstBroken: { seq: cp.seq, reason: 'AUDIT_CHECKPOINT_SIGNATURE', message: `checkpoint at record ${cp.seq} is not signed by a platform audit key` },
        };
      }
      trusted.push({ seq: cp.seq, hash: cp.hash });
    }
  }
  const report = await verifyAuditChain(store, { checkpoints: trusted });
  return { ...report, checkpoints: { total: all.length, trusted: trusted.length, checked } };
}
