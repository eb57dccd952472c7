// What the verifiers actually established about one seal, read from their check rows rather than
// from the one worst sub-indication: whether the content matched, whether the signature maths
// held, whether each certificate was chained to a trust anchor, and which certificates valid at
// the signing time have expired since. The verdict rows are built from these (seal-rows.ts), so
// that a row never claims a check that did not run.
import type { CheckRow, SesVerificationResult } from '../../crypto/ses/index.ts';
import type { PdfSignatureResult } from '../../pdf/verify.ts';
import type { OfdSignatureResult } from '../../crypto/ofd/verify-ofd.ts';

/**
 * `anchored`: every certificate was chained to a trust anchor; `not-found`: for one, no chain to
 * any anchor exists; `invalid`: a chain was looked for and failed for another reason (a CA's
 * signature or validity, revocation…); `not-checked`: no chain was looked for.
 */
export type ChainFact = 'anchored' | 'not-found' | 'invalid' | 'not-checked';

export interface SealFacts {
  readonly integrity: 'intact' | 'mismatch' | 'not-checked';
  /** The SM2 signatures (the seal maker's and the signer's, or the CMS signer's). */
  readonly signature: 'valid' | 'invalid' | 'not-checked';
  readonly chain: ChainFact;
  /** Certificates valid at the signing time whose validity has ended since. */
  readonly expiredSince: readonly { readonly role: 'seal-maker' | 'signer'; readonly notAfter: Date }[];
}

export const NOTHING_CHECKED: SealFacts = { integrity: 'not-checked', signature: 'not-checked', chain: 'not-checked', expiredSince: [] };

const WORST_CHAIN: readonly ChainFact[] = ['not-found', 'invalid', 'not-checked', 'anchored'];

function worstChain(facts: readonly ChainFact[]): ChainFact {
  if (facts.length === 0) return 'not-checked';
  return WORST_CHAIN.find((f) => facts.includes(f)) ?? 'not-checked';
}

function rowsNamed(checks: readonly CheckRow[], ...ids: string[]): CheckRow[] {
  return checks.filter((c) => ids.includes(c.id));
}

/** check-certificate.ts: `trusted` and `found` mean a chain to an anchor was built. */
function chainOfRow(row: CheckRow | undefined): ChainFact {
  const chain = row?.details?.chain;
  if (chain === 'trusted' || chain === 'found') return 'anchored';
  if (chain === 'not-found') return 'not-found';
  if (chain === 'invalid') return 'invalid';
  return 'not-checked';
}

function combine(rows: readonly CheckRow[]): 'valid' | 'invalid' | 'not-checked' {
  if (rows.some((r) => r.status === 'failed')) return 'invalid';
  return rows.length > 0 && rows.every((r) => r.status === 'passed') ? 'valid' : 'not-checked';
}

/** Facts of a GB/T 38540 verification (detached, in a PDF, or in an OFD). */
export function sesFacts(ses: SesVerificationResult | null | undefined): SealFacts {
  if (ses === null || ses === undefined) return NOTHING_CHECKED;
  const find = (id: string) => ses.checks.find((c) => c.id === id);
  const hash = find('data-hash');
  const integrity = hash?.status === 'passed' ? 'intact' : hash?.status === 'failed' ? 'mismatch' : 'not-checked';
  const signature = combine(rowsNamed(ses.checks, 'seal-signature', 'signature'));
  const expiredSince: { role: 'seal-maker' | 'signer'; notAfter: Date }[] = [];
  for (const [role, then, now] of [['seal-maker', 'seal-maker-certificate-at-signing-time', 'seal-maker-certificate-now'], ['signer', 'signer-certificate-at-signing-time', 'signer-certificate-now']] as const) {
    const a = find(then);
    const b = find(now);
    // Valid when used (the certificate's own dates), past its notAfter now.
    if (a?.details?.validity === 'valid' && b?.details?.validity === 'expired' && b.details.notAfter !== undefined) {
      expiredSince.push({ role, notAfter: new Date(b.details.notAfter) });
    }
  }
  return {
    integrity, signature,
    chain: worstChain(rowsNamed(ses.checks, 'seal-maker-certificate-at-signing-time', 'signer-certificate-at-signing-time').map(chainOfRow)),
    expiredSince,
  };
}

/** Facts of a PDF signature's container checks (CMS or SES), before any GB/T 38540 checks. */
function pdfContainerFacts(pdf: PdfSignatureResult, now: Date): SealFacts {
  const c = pdf.checks;
  const chain: ChainFact = pdf.chain !== undefined ? 'anchored'
    : pdf.subIndication === 'NO_CERTIFICATE_CHAIN_FOUND' ? 'not-found'
    : c.certificateChain === 'failed' ? 'invalid' : 'not-checked';
  const cert = pdf.signerCertificate;
  const signedAt = pdf.signingTime;
  const expired = cert !== undefined && signedAt !== undefined && c.certificateChain === 'passed'
    && signedAt.getTime() <= cert.notAfter.getTime() && now.getTime() > cert.notAfter.getTime();
  return {
    integrity: c.digest === 'passed' ? 'intact' : c.digest === 'failed' ? 'mismatch' : 'not-checked',
    signature: c.signature === 'passed' ? 'valid' : c.signature === 'failed' ? 'invalid' : 'not-checked',
    chain,
    expiredSince: expired ? [{ role: 'signer', notAfter: cert.notAfter }] : [],
  };
}

/**
 * Facts of one PDF signature: its container and, when it carries one, its SES_Signature. Both
 * must hold: the issuer is trusted only when every chain they name was built to an anchor.
 */
export function pdfFacts(pdf: PdfSignatureResult, ses: SesVerificationResult | null, now: Date): SealFacts {
  const outer = pdfContainerFacts(pdf, now);
  if (ses === null) return outer;
  const inner = sesFacts(ses);
  const pick = <T extends string>(order: readonly T[], a: T, b: T): T => (order.indexOf(a) <= order.indexOf(b) ? a : b);
  const expiredSince = [...inner.expiredSince, ...outer.expiredSince.filter((e) => !inner.expiredSince.some((i) => i.role === e.role))];
  return {
    integrity: pick(['mismatch', 'not-checked', 'intact'], outer.integrity, inner.integrity),
    signature: pick(['invalid', 'not-checked', 'valid'], outer.signature, inner.signature),
    // The container's own chain check stops at its first failure; the GB/T 38540 checks always run.
    chain: outer.chain === 'not-checked' ? inner.chain : worstChain([outer.chain, inner.chain]),
    expiredSince,
  };
}

/** Facts of one OFD signature: its SES checks, and its References as part of the integrity. */
export function ofdFacts(ofd: OfdSignatureResult): SealFacts {
  const inner = sesFacts(ofd.ses);
  const refs = ofd.checks.find((c) => c.id === 'ofd-references');
  const integrity = refs?.subIndication === 'HASH_FAILURE' || inner.integrity === 'mismatch' ? 'mismatch'
    : refs?.status === 'passed' && inner.integrity === 'intact' ? 'intact' : 'not-checked';
  return { ...inner, integrity };
}
