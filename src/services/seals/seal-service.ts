// The seal use cases bound to their dependencies, for the composition root and the HTTP routes.
import { applyForSeal } from './apply-for-seal.ts';
import type { SealApplication } from './apply-for-seal.ts';
import { approveSeal } from './approve-seal.ts';
import { endSealGrant } from './end-seal-grant.ts';
import { ensureSealMaker } from './ensure-seal-maker.ts';
import { expireSeals } from './expire-seals.ts';
import { grantSeal } from './grant-seal.ts';
import { issueSealCrl } from './issue-seal-crl.ts';
import { listSeals } from './list-seals.ts';
import { listSealUses } from './list-seal-uses.ts';
import { readSeal } from './read-seal.ts';
import { resumeSeal } from './resume-seal.ts';
import { revokeSeal } from './revoke-seal.ts';
import type { SealActor, SealDeps } from './seal-deps.ts';
import { signDetached } from './sign-detached.ts';
import type { DetachedSignRequest } from './sign-detached.ts';
import { stampDocument } from './stamp-document.ts';
import type { StampRequest } from './stamp-document.ts';
import { suspendSeal } from './suspend-seal.ts';
import { verifySealedOfd } from './verify-sealed-ofd.ts';
import { verifySealedPdf } from './verify-sealed-pdf.ts';
import { inspectHere } from './inspection-tasks.ts';
import type { DocumentInspector } from './inspection-tasks.ts';
import type { RevocationReason } from '../../domain/seal.ts';

/**
 * Every seal use case with `deps` bound. `anchors` returns the trusted roots for verification
 * (the pinned platform root file and any configured foreign seal makers), never read from the
 * database. `inspector` reads uploaded files (verification, the stamping preview) and reads and
 * writes the documents being stamped (the signing stays on the calling thread, with the key);
 * without one they are read on the calling thread.
 */
export function sealService(deps: SealDeps & { anchors: () => Uint8Array[] | Promise<Uint8Array[]>; inspector?: DocumentInspector }) {
  return {
    apply: (input: SealApplication, actor: SealActor) => applyForSeal(deps, input, actor),
    approve: (input: { sealId: string; reason: string }, actor: SealActor) => approveSeal(deps, input, actor),
    suspend: (input: { sealId: string; reason: string }, actor: SealActor) => suspendSeal(deps, input, actor),
    resume: (input: { sealId: string; reason: string }, actor: SealActor) => resumeSeal(deps, input, actor),
    revoke: (input: { sealId: string; reason: string; revocationReason?: RevocationReason }, actor: SealActor) => revokeSeal(deps, input, actor),
    grant: (input: { sealId: string; accountId: string; expiresAt?: Date | null }, actor: SealActor) => grantSeal(deps, input, actor),
    endGrant: (input: { grantId: string }, actor: SealActor) => endSealGrant(deps, input, actor),
    stamp: (input: StampRequest, actor: SealActor) => stampDocument(deps, input, actor),
    signDetached: (input: DetachedSignRequest, actor: SealActor) => signDetached(deps, input, actor),
    list: (actor: SealActor) => listSeals(deps, actor),
    read: (input: { sealId: string }, actor: SealActor) => readSeal(deps, input, actor),
    /** The newest uses of a seal, for its administrator and the security administrator. */
    uses: (input: { sealId: string; limit?: number }, actor: SealActor) => listSealUses(deps, input, actor),
    verifyPdf: (pdf: Uint8Array) => verifySealedPdf(deps, pdf),
    verifyOfd: (ofd: Uint8Array) => verifySealedOfd(deps, ofd),
    /** One page of a PDF as the stamping page shows it (nothing stored or signed). */
    preview: (input: { pdf: Uint8Array; page: number }) => (deps.inspector ?? inspectHere).run('previewPage', { ...input, maxBytes: deps.settings.maxPdfBytes }),
    /** Scheduled: mark seals past validEnd expired. */
    expire: () => expireSeals(deps),
    /** Scheduled (well inside crlValidityHours) and on demand: the current seal-maker CRL. */
    issueCrl: () => issueSealCrl(deps),
    /** At start-up, after the platform keys exist: the seal maker's signing key. */
    ensureSealMaker: () => ensureSealMaker(deps),
    /** The latest CRL for publishing at `<publicUrl>/pki/crl/seal-maker-ca.crl`. */
    latestCrl: () => deps.crls.latest(),
    /** What callers need to shape requests: the upload cap and the step-up age. */
    limits: { maxPdfBytes: deps.settings.maxPdfBytes, stepUpMaxAgeMinutes: deps.settings.stepUpMaxAgeMinutes },
  };
}

export type SealService = ReturnType<typeof sealService>;
