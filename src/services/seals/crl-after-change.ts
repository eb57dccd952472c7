// After a suspension, resumption or revocation the CRL is reissued at once, so that relying
// parties see the change without waiting for the scheduled issue. The change itself is already
// stored; when the CRL cannot be issued now, the failure is audited and the scheduled issue
// catches up, rather than reporting the stored change as failed.
import { issueSealCrl } from './issue-seal-crl.ts';
import type { SealDeps } from './seal-deps.ts';

export async function reissueCrlAfterChange(deps: Pick<SealDeps, 'seals' | 'crls' | 'vault' | 'audit' | 'clock' | 'settings'>, sealId: string): Promise<boolean> {
  try {
    await issueSealCrl(deps);
    return true;
  } catch (e) {
    await deps.audit.append({
      actor: { id: null, kind: 'system' }, action: 'seal.crl.issue', object: sealId, outcome: 'failure',
      details: { error: (e as { code?: string }).code ?? 'ERR_INTERNAL' },
    }).catch(() => undefined);
    return false;
  }
}
