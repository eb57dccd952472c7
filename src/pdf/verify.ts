/**
 * Verifying every signature of a PDF, with results in the ETSI EN 319 102-1 model used by EU DSS
 * and pyHanko: an indication (TOTAL_PASSED / TOTAL_FAILED / INDETERMINATE) and a sub-indication.
 *
 * Steps per signature: byte range (it must leave out exactly the /Contents string) → parse the
 * container by its /SubFilter (CMS SignedData, or a GB/T 38540 SES_Signature) → SM3 over the
 * byte ranges → signer's SM2 signature over the signed attributes and the messageDigest (CMS),
 * or over TBS_Sign and its dataHash (SES) → signer certificate chain to the given trust anchors at the signing time
 * (validity) and its key usage → revocation by the given CRLs at the signing time (a certificate
 * revoked after it stays valid for this signature, with a note; one revoked on or before it fails)
 * → coverage of the file.
 *
 * The certificates inside the container are only candidates for path building: trust comes from
 * `anchors` alone. The signing time is the one the signer claims (CMS signingTime, else /M);
 * without a time-stamp nothing better is known, so a caller may override it.
 *
 * Coverage is reported beside the indication, not folded into it: a signature over an earlier
 * revision stays valid for that revision (ETSI semantics), and `modifiedAfterSigning` says
 * whether the file was changed afterwards by anything other than further signatures. A caller
 * that shows a verdict on the document must show that too.
 */
import { CryptoError } from '../crypto/errors.ts';
import type { Certificate } from '../crypto/x509/certificate.ts';
import type { Crl } from '../crypto/x509/crl.ts';
import { validatePath } from '../crypto/x509/validate-path.ts';
import type { RevocationStatus, ValidatedPath } from '../crypto/x509/validate-path.ts';
import { parseCrl } from '../crypto/x509/parse-crl.ts';
import { revocationAtSigning } from '../crypto/x509/revocation-at-signing.ts';
import { byteRangeDigest, checkByteRange } from './byte-range.ts';
import type { ByteRange } from './byte-range.ts';
import { parseSignedData } from './cms-parse.ts';
import type { SignedData } from './cms-parse.ts';
import type { CmsCheck } from './cms-verify.ts';
import { otherCertificates, verifySignedData } from './cms-verify.ts';
import type { Coverage } from './coverage.ts';
import { analyseCoverage } from './coverage.ts';
import { UPLOAD_PDF_LIMITS } from './budget.ts';
import type { PdfLimits } from './budget.ts';
import { PdfDocument } from './document.ts';
import type { FoundSignature } from './find-signatures.ts';
import { findSignatures } from './find-signatures.ts';
import { SES_SUB_FILTER } from './ses-container.ts';
import { verifySesContainer } from './ses-verify.ts';

/** ETSI main indication. */
export type Indication = 'TOTAL_PASSED' | 'TOTAL_FAILED' | 'INDETERMINATE';

/** ETSI sub-indications this verifier reports. */
export type SubIndication =
  | 'FORMAT_FAILURE' | 'HASH_FAILURE' | 'SIG_CRYPTO_FAILURE' | 'REVOKED' | 'EXPIRED' | 'NOT_YET_VALID'
  | 'NO_SIGNING_CERTIFICATE_FOUND' | 'NO_CERTIFICATE_CHAIN_FOUND' | 'CERTIFICATE_CHAIN_GENERAL_FAILURE'
  | 'TRY_LATER' | 'SIG_CONSTRAINTS_FAILURE';

/** Revocation of one certificate at the validation time; `revoked-after-signing` leaves the signature valid. */
export type PdfRevocationStatus = RevocationStatus | 'revoked-after-signing';

/** State of one check. */
export type CheckState = 'passed' | 'failed' | 'not-checked';

/** Input to {@link verifyPdfSignatures}. */
export interface VerifyPdfOptions {
  /** The only trusted certificates (DER or parsed). */
  readonly anchors: readonly (Certificate | Uint8Array)[];
  /** Issuing CAs to build the chain with, for containers that carry only the signer's certificate. */
  readonly intermediates?: readonly Uint8Array[];
  /** CRLs to check revocation against. */
  readonly crls?: readonly (Crl | Uint8Array)[];
  /** When true, a certificate without a CRL from its issuer current at or issued after the validation time gives TRY_LATER. */
  readonly requireRevocationInfo?: boolean;
  /** Validate the chain at this time instead of the claimed signing time. */
  readonly validationTime?: Date;
  /** Input size limit (see {@link PdfDocument.load}). */
  readonly maxBytes?: number;
  /** Reading limits (see {@link PdfDocument.load}); default {@link UPLOAD_PDF_LIMITS}. */
  readonly limits?: Partial<PdfLimits>;
}

/** The result for one signature. */
export interface PdfSignatureResult {
  readonly fieldName: string;
  readonly subFilter: string | undefined;
  /** What /Contents holds, told by /SubFilter. */
  readonly container: 'cms' | 'ses';
  readonly indication: Indication;
  readonly subIndication: SubIndication | undefined;
  /** A sentence for logs and reports. */
  readonly message: string;
  readonly checks: {
    readonly byteRange: CheckState;
    readonly digest: CheckState;
    readonly signature: CheckState;
    readonly certificateChain: CheckState;
  };
  readonly byteRange: ByteRange | undefined;
  readonly coverage: Coverage | undefined;
  /** True when bytes after the signed revision do more than add further signatures. */
  readonly modifiedAfterSigning: boolean;
  /** Claimed signing time and where it came from. */
  readonly signingTime: Date | undefined;
  readonly signingTimeSource: 'cms' | 'ses' | 'pdf' | undefined;
  /** The time the chain was validated at. */
  readonly validatedAt: Date | undefined;
  /** The signer's certificate (as embedded; trusted only when the chain check passed). */
  readonly signerCertificate: Certificate | undefined;
  /** Validated chain (leaf first) and per-certificate revocation state at the validation time, when the chain check passed. */
  readonly chain: readonly Certificate[] | undefined;
  readonly revocation: readonly PdfRevocationStatus[] | undefined;
  /** Unsigned CMS attributes by OID (DER of each value), e.g. an SES_Signature. */
  readonly unsignedAttributes: ReadonlyMap<string, readonly Uint8Array[]>;
  /** The SES_Signature DER of an SES container (for the GB/T 38540 checks). */
  readonly sesSignature: Uint8Array | undefined;
  readonly reason: string | undefined;
  readonly name: string | undefined;
}

const INDICATION: Record<SubIndication, Indication> = {
  HASH_FAILURE: 'TOTAL_FAILED',
  SIG_CRYPTO_FAILURE: 'TOTAL_FAILED',
  REVOKED: 'TOTAL_FAILED',
  // The signer's own claimed time lies outside its certificate's validity: no later proof can help.
  EXPIRED: 'TOTAL_FAILED',
  NOT_YET_VALID: 'TOTAL_FAILED',
  FORMAT_FAILURE: 'INDETERMINATE',
  NO_SIGNING_CERTIFICATE_FOUND: 'INDETERMINATE',
  NO_CERTIFICATE_CHAIN_FOUND: 'INDETERMINATE',
  CERTIFICATE_CHAIN_GENERAL_FAILURE: 'INDETERMINATE',
  TRY_LATER: 'INDETERMINATE',
  SIG_CONSTRAINTS_FAILURE: 'INDETERMINATE',
};

function pathSubIndication(code: string): SubIndication {
  switch (code) {
    case 'ERR_CERT_CHAIN': return 'NO_CERTIFICATE_CHAIN_FOUND';
    case 'ERR_CERT_EXPIRED': return 'EXPIRED';
    case 'ERR_CERT_NOT_YET_VALID': return 'NOT_YET_VALID';
    case 'ERR_CERT_REVOKED': return 'REVOKED';
    case 'ERR_CERT_REVOCATION_UNKNOWN': case 'ERR_CRL_STALE': return 'TRY_LATER';
    case 'ERR_CERT_KEY_USAGE': return 'SIG_CONSTRAINTS_FAILURE';
    default: return 'CERTIFICATE_CHAIN_GENERAL_FAILURE';
  }
}

type Draft = { -readonly [K in keyof PdfSignatureResult]: PdfSignatureResult[K] };

/**
 * Verifies every signature in `pdf`. Throws a PdfError only when the file itself cannot be read
 * (ERR_PDF_NOT_PDF, ERR_PDF_MALFORMED, ERR_PDF_ENCRYPTED, ERR_PDF_TOO_LARGE) or costs more than
 * its budget (ERR_PDF_BUDGET); a bad signature is reported in its result, never thrown.
 */
export function verifyPdfSignatures(pdf: Uint8Array, opts: VerifyPdfOptions): PdfSignatureResult[] {
  const doc = PdfDocument.load(pdf, { maxBytes: opts?.maxBytes, limits: { ...UPLOAD_PDF_LIMITS, ...opts?.limits } });
  return findSignatures(doc).map((sig) => verifyOne(doc, sig, opts));
}

function verifyOne(doc: PdfDocument, sig: FoundSignature, opts: VerifyPdfOptions): PdfSignatureResult {
  const r: Draft = {
    fieldName: sig.fieldName, subFilter: sig.subFilter, container: sig.subFilter === SES_SUB_FILTER ? 'ses' : 'cms', indication: 'INDETERMINATE', subIndication: undefined, message: '',
    checks: { byteRange: 'not-checked', digest: 'not-checked', signature: 'not-checked', certificateChain: 'not-checked' },
    byteRange: undefined, coverage: undefined, modifiedAfterSigning: false, signingTime: sig.time,
    signingTimeSource: sig.time === undefined ? undefined : 'pdf', validatedAt: undefined, signerCertificate: undefined,
    chain: undefined, revocation: undefined, unsignedAttributes: new Map(), sesSignature: undefined, reason: sig.reason, name: sig.name,
  };
  const checks = r.checks as { -readonly [K in keyof Draft['checks']]: CheckState };
  const finish = (sub: SubIndication | undefined, message: string): PdfSignatureResult => {
    r.subIndication = sub;
    r.indication = sub === undefined ? 'TOTAL_PASSED' : INDICATION[sub];
    r.message = message;
    return Object.freeze(r);
  };

  // 1. Byte range: [0, a, b, c] where [a, b) is exactly the /Contents string.
  const br = sig.byteRange;
  try {
    checkByteRange(br ?? [], doc.bytes.length);
  } catch (e) {
    checks.byteRange = 'failed';
    return finish('FORMAT_FAILURE', (e as Error).message);
  }
  const range = br as unknown as ByteRange;
  r.byteRange = range;
  const [, a, b, c] = range;
  if (sig.contents === undefined || sig.contentsSpan[0] !== a || sig.contentsSpan[1] !== b || sig.objectOffset < 0 || sig.objectOffset >= a) {
    checks.byteRange = 'failed';
    return finish('FORMAT_FAILURE', 'the /ByteRange gap is not exactly the /Contents of this signature dictionary');
  }
  checks.byteRange = 'passed';
  r.coverage = analyseCoverage(doc, b + c);
  r.modifiedAfterSigning = r.coverage.laterChanges === 'other';

  // 2. Container, digest and signature. Each signature hashes most of the file again.
  doc.budget.chargeBytes(a + c);
  const digest = byteRangeDigest(doc.bytes, range);
  let check: CmsCheck;
  let intermediates: Uint8Array[] = [...(opts.intermediates ?? [])];
  if (r.container === 'ses') {
    const ses = verifySesContainer(sig.contents, digest);
    r.sesSignature = ses.ses;
    check = ses;
  } else {
    let sd: SignedData;
    try {
      sd = parseSignedData(sig.contents);
    } catch (e) {
      return finish('FORMAT_FAILURE', (e as Error).message);
    }
    const si = sd.signerInfos[0];
    if (si !== undefined) {
      r.unsignedAttributes = new Map([...si.unsignedAttributes].map(([k, v]) => [k, v.map((x) => new Uint8Array(x.raw))]));
    }
    check = verifySignedData(sd, digest);
    if (check.signerCertificate !== undefined) intermediates = [...otherCertificates(sd, check.signerCertificate), ...intermediates];
  }
  r.signerCertificate = check.signerCertificate;
  if (check.signingTime !== undefined) {
    r.signingTime = check.signingTime;
    r.signingTimeSource = r.container;
  }
  if (check.status === 'HASH_FAILURE') {
    checks.signature = 'passed';
    checks.digest = 'failed';
  } else if (check.status === 'SIG_CRYPTO_FAILURE') {
    checks.signature = 'failed';
  }
  if (check.status !== 'ok') return finish(check.status, check.message);
  checks.signature = 'passed';
  checks.digest = 'passed';

  // 3. Certificate chain to the anchors at the signing time.
  const at = opts.validationTime ?? r.signingTime;
  if (at === undefined) return finish('FORMAT_FAILURE', 'no signing time in the container or the signature dictionary');
  r.validatedAt = at;
  const leaf = check.signerCertificate!;
  if (leaf.keyUsage !== undefined && !leaf.keyUsage.includes('digitalSignature') && !leaf.keyUsage.includes('nonRepudiation')) {
    checks.certificateChain = 'failed';
    return finish('SIG_CONSTRAINTS_FAILURE', "the signer's certificate is not for signing (keyUsage)");
  }
  let path: ValidatedPath;
  let crls: Crl[];
  try {
    path = validatePath({ leaf: leaf.der, intermediates, anchors: opts.anchors, at });
    crls = (opts.crls ?? []).map((c) => parseCrl(c instanceof Uint8Array ? c : c.der));
  } catch (e) {
    checks.certificateChain = 'failed';
    if (e instanceof CryptoError) return finish(pathSubIndication(e.code), e.message);
    throw e;
  }
  r.chain = path.chain;
  // 4. Revocation at that time: a certificate revoked after it leaves the signature valid (noted);
  // one revoked on or before it fails the signature. CRLs issued later count (revocationAtSigning).
  const found = revocationAtSigning(path.chain, crls, at);
  if (found.state === 'revoked') {
    checks.certificateChain = 'failed';
    return finish('REVOKED', found.message);
  }
  if (found.state === 'unknown' || (found.state === 'unchecked' && opts.requireRevocationInfo === true)) {
    checks.certificateChain = 'failed';
    return finish(found.state === 'unknown' ? 'CERTIFICATE_CHAIN_GENERAL_FAILURE' : 'TRY_LATER', found.message);
  }
  // Neither revoked nor unknown is left for any certificate once the worst state is neither.
  r.revocation = [...(found.perCertificate ?? []) as PdfRevocationStatus[], 'anchor'];
  checks.certificateChain = 'passed';
  const later = (found.perCertificate ?? []).indexOf('revoked-after-signing');
  const revokedLater = later < 0 ? '' : `; valid at signing time, though ${path.chain[later]!.subject.text} was revoked after signing`;
  const note = `${revokedLater}${r.modifiedAfterSigning ? '; the file was modified after signing' : ''}`;
  return finish(undefined, `signature valid for ${r.coverage.kind === 'whole-file' ? 'the whole file' : 'an earlier revision'}${note}`);
}
