/**
 * Verifying one SES signature (验章), in the order of GB/T 38540:
 *  1. parse (v1 or v4, by shape);
 *  2. seal maker's signature over the original SES_SealInfo bytes;
 *  3. seal maker's certificate at the signing time (decides) and now (reported);
 *  4. seal validity window at the signing time;
 *  5. signer's certificate listed in the seal;
 *  6. signer's signature over the original TBS_Sign bytes;
 *  7. signer's certificate at the signing time (decides) and now (reported);
 *  8. timestamp, if present;
 *  9. dataHash recomputed over the protected bytes.
 * Every check runs and reports, so that intact signature maths stays visible next to an
 * unknown chain. Certificates inside the signature are never trusted for being there.
 */
import { CryptoError } from '../../errors.ts';
import { decodeAnySignature, signatureParts } from '../any-signature.ts';
import type { SignatureParts } from '../any-signature.ts';
import { checkDataHash, checkTimestamp } from './check-data.ts';
import type { ProtectedData } from './check-data.ts';
import { checkCertificate } from './check-certificate.ts';
import { checkSealSignature, checkSealValidity, checkSignerListed, checkSm2Signature } from './check-seal.ts';
import { verdictOf } from './result.ts';
import type { CheckRow, Indication, SubIndication } from './result.ts';
import { trustContext } from './trust.ts';
import type { TrustOptions } from './trust.ts';

/** Input to {@link verifySesSignature}. */
export interface VerifySesOptions extends TrustOptions, ProtectedData {
  /** The SES_Signature DER. */
  readonly signature: Uint8Array;
  /** "Now" for the checks reported at the current time; default the current time. */
  readonly at?: Date;
}

/** The report for one signature. */
export interface SesVerificationResult {
  readonly indication: Indication;
  readonly subIndication?: SubIndication;
  /** True when both signatures verify and dataHash matches, whatever the trust in the keys. */
  readonly signatureIntact: boolean;
  readonly checks: readonly CheckRow[];
  /** 4 for GB/T 38540, 1 for GM/T 0031 data. */
  readonly version?: 1 | 4;
  /** The signing time claimed in TBS_Sign. */
  readonly signingTime?: Date;
  readonly propertyInfo?: string;
  readonly seal?: { readonly esID: string; readonly name: string; readonly type: number; readonly validStart: Date; readonly validEnd: Date };
}

function parse(signature: Uint8Array): { parts?: SignatureParts; row: CheckRow } {
  try {
    const parts = signatureParts(decodeAnySignature(signature));
    if (parts.signingTime === undefined) {
      return { row: { id: 'parse', status: 'failed', subIndication: 'FORMAT_FAILURE', message: 'the signing time cannot be read' } };
    }
    return { parts, row: { id: 'parse', status: 'passed', message: `SES signature v${parts.version}`, details: { version: String(parts.version) } } };
  } catch (e) {
    const code = e instanceof CryptoError ? e.code : 'ERR_SES_MALFORMED';
    return { row: { id: 'parse', status: 'failed', subIndication: 'FORMAT_FAILURE', message: e instanceof Error ? e.message : 'malformed', code } };
  }
}

function finish(checks: CheckRow[], parts?: SignatureParts): SesVerificationResult {
  const v = verdictOf(checks);
  const passed = (id: string): boolean => checks.some((c) => c.id === id && c.status === 'passed');
  const base = { ...v, signatureIntact: passed('seal-signature') && passed('signature') && passed('data-hash'), checks };
  if (parts === undefined) return base;
  const p = parts.seal.sealInfo.property;
  return {
    ...base, version: parts.version, signingTime: parts.signingTime!, propertyInfo: parts.propertyInfo,
    seal: { esID: parts.seal.sealInfo.esID, name: p.name, type: p.type, validStart: p.validStart, validEnd: p.validEnd },
  };
}

/**
 * Verifies an SES signature (v4, or v1 data) against the given trust anchors and data.
 * Returns a report; throws only `ERR_SES_TRUST` for unusable trust settings.
 */
export function verifySesSignature(opts: VerifySesOptions): SesVerificationResult {
  const ctx = trustContext(opts);
  const now = opts.at instanceof Date && Number.isFinite(opts.at.getTime()) ? opts.at : new Date();
  const { parts, row } = parse(opts.signature);
  if (parts === undefined) return finish([row]);
  const seal = parts.seal;
  const t = parts.signingTime!;
  const maker = seal.version === 1 ? seal.signInfo.cert : seal.cert;
  const checks: CheckRow[] = [
    row,
    checkSealSignature(seal),
    checkCertificate('seal-maker-certificate-at-signing-time', 'seal maker', maker, t, 'signing-time', ctx),
    checkCertificate('seal-maker-certificate-now', 'seal maker', maker, now, 'now', ctx),
    checkSealValidity(seal, t, now),
    checkSignerListed(seal, parts.signerCert),
    checkSm2Signature('signature', 'signer signature', parts.signerCert, parts.algorithm, parts.signed, parts.signature),
    checkCertificate('signer-certificate-at-signing-time', 'signer', parts.signerCert, t, 'signing-time', ctx),
    checkCertificate('signer-certificate-now', 'signer', parts.signerCert, now, 'now', ctx),
    checkTimestamp(parts.timeStamp),
    checkDataHash(parts.dataHash, opts),
  ];
  return finish(checks, parts);
}
