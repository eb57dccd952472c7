// The last step of every verification: record it and sign the receipt.
// Steps: audit the check (anonymous or the verifier system, a salted hash of the client IP, the
// result and check codes, the identifier or file digest; no holder data) → if the audit entry
// cannot be written, a verdict other than CANNOT_CONFIRM becomes CANNOT_CONFIRM, since an
// unrecorded "valid" is not one the platform stands behind → sign the receipt; without a
// signer (the vault unreachable) the verdict goes out without a receipt.
import { createHmac, randomBytes } from 'node:crypto';
import { cannotConfirm } from '../../domain/verdict.ts';
import type { Verdict } from '../../domain/verdict.ts';
import { receiptBytes, receiptPayload } from '../../domain/verification-receipt.ts';
import type { VerificationChannel, VerificationReceipt } from '../../domain/verification-receipt.ts';
import type { VerificationContext, VerificationDeps, VerificationOutcome } from './verification-deps.ts';

/** HMAC-SM3 of the client IP under the deployment's salt: the same visitor links up, the IP stays unknown. */
export function hashClientIp(salt: string, ip: string | null): string | null {
  return ip === null ? null : `h:${createHmac('sm3', salt).update(ip).digest('hex').slice(0, 32)}`;
}

async function signReceipt(deps: VerificationDeps, verdict: Verdict, channel: VerificationChannel, ctx: VerificationContext): Promise<VerificationReceipt | null> {
  try {
    const signer = await deps.receiptSigner();
    const payload = receiptPayload(verdict, { receiptId: `vr_${randomBytes(12).toString('base64url')}`, channel, verifier: ctx.verifier });
    const { text, bytes } = receiptBytes(payload);
    const signature = await signer.sign(bytes);
    return {
      payload: text, signature: Buffer.from(signature).toString('base64'), algorithm: 'SM2-SM3', signerId: '1234567812345678',
      keyId: signer.keyId, certificateChain: signer.certificateChain.map((c) => Buffer.from(c).toString('base64')),
    };
  } catch (e) {
    deps.onFailure?.('verification receipt not signed', e);
    return null;
  }
}

export async function finishVerification(
  deps: VerificationDeps, verdict: Verdict, channel: VerificationChannel, ctx: VerificationContext,
): Promise<VerificationOutcome> {
  let final = verdict;
  try {
    await deps.audit.append({
      actor: ctx.verifier === null ? { id: null, kind: 'anonymous' } : { id: ctx.verifier, kind: 'client' },
      action: 'verification.check',
      object: verdict.subject?.identifier ?? verdict.subject?.documentSm3 ?? null,
      outcome: 'success',
      clientIp: hashClientIp(deps.ipSalt, ctx.clientIp),
      requestId: ctx.requestId,
      details: {
        channel, result: verdict.result, checks: verdict.checks.map((c) => c.code), statusAsOf: verdict.statusAsOf,
        ...(verdict.subject?.disclosure ? { fullFieldsUnder: verdict.subject.disclosure.legalBasis } : {}),
      },
    });
  } catch (e) {
    deps.onFailure?.('verification not audited', e);
    if (verdict.result !== 'CANNOT_CONFIRM') final = cannotConfirm(deps.clock.now());
  }
  return { verdict: final, receipt: await signReceipt(deps, final, channel, ctx) };
}
