// The verification receipt: what a service window files with its case to show that it checked a
// licence or file, when, and what the platform answered. The platform signs the RFC 8785 JSON of
// the payload with SM2 (SM3, default ID 1234567812345678), so anyone can check it with the
// certificate chain that comes with it, up to the platform root. It carries masked data only.
import { canonicalJson } from './canonical-json.ts';
import type { Verdict } from './verdict.ts';

/** Vault id of the receipt signing key (SM2, certified by the platform root). */
export const VERIFICATION_RECEIPT_KEY = 'verification-receipt';

/** How the verification was asked for. */
export type VerificationChannel = 'handle' | 'identifier' | 'share' | 'pdf' | 'ofd' | 'ses';

export interface ReceiptPayload {
  readonly type: 'yinxin-verification-receipt-v1';
  readonly receiptId: string;
  readonly channel: VerificationChannel;
  readonly checkedAt: string;
  readonly statusAsOf: string | null;
  readonly result: Verdict['result'];
  readonly checks: readonly { readonly check: string; readonly outcome: string; readonly code: string }[];
  readonly subject: {
    readonly identifier: string | null;
    readonly version: number | null;
    readonly issuerCode: string | null;
    readonly statusCode: string | null;
    readonly holderName: string | null;
    readonly documentSm3: string | null;
  };
  readonly successor: string | null;
  /** The verifier system, when one authenticated; null for public checks. */
  readonly verifier: string | null;
}

/** The signed receipt as returned. */
export interface VerificationReceipt {
  /** The exact signed text: RFC 8785 JSON of the payload, UTF-8. */
  readonly payload: string;
  /** Base64 DER SEQUENCE { r, s }. */
  readonly signature: string;
  readonly algorithm: 'SM2-SM3';
  /** The SM2 distinguishing ID used. */
  readonly signerId: '1234567812345678';
  /** Key id and version, e.g. `verification-receipt#1`. */
  readonly keyId: string;
  /** Base64 DER certificates, the signer's first, ending with the platform root. */
  readonly certificateChain: readonly string[];
}

/** The receipt payload of a verdict. */
export function receiptPayload(verdict: Verdict, opts: { receiptId: string; channel: VerificationChannel; verifier: string | null }): ReceiptPayload {
  const s = verdict.subject;
  return {
    type: 'yinxin-verification-receipt-v1',
    receiptId: opts.receiptId,
    channel: opts.channel,
    checkedAt: verdict.checkedAt,
    statusAsOf: verdict.statusAsOf,
    result: verdict.result,
    checks: verdict.checks.map((c) => ({ check: c.check, outcome: c.outcome, code: c.code })),
    subject: {
      identifier: s?.identifier ?? null,
      version: s?.version ?? null,
      issuerCode: s?.issuer?.code ?? null,
      statusCode: s?.status?.code ?? null,
      holderName: s?.holder?.name ?? null,
      documentSm3: s?.documentSm3 ?? null,
    },
    successor: verdict.successor?.identifier ?? null,
    verifier: opts.verifier,
  };
}

/** The bytes that are signed. */
export function receiptBytes(payload: ReceiptPayload): { text: string; bytes: Uint8Array } {
  const text = canonicalJson(payload);
  return { text, bytes: new TextEncoder().encode(text) };
}
