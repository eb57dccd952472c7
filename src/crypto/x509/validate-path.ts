/**
 * Certification path validation (after RFC 5280 §6, for the platform's SM2 hierarchy).
 *
 * Steps, for each candidate chain leaf → … → anchor, from the anchor down:
 *  1. the anchor is valid at `at` and may issue (CA, keyCertSign, path length);
 *  2. each certificate: signature by the one above over the original tbsCertificate bytes,
 *     validity at `at`, no critical extension we cannot honour;
 *  3. each issuer below the anchor: CA flag, keyCertSign, pathLenConstraint;
 *  4. revocation by the given CRLs, failing closed;
 *  5. the leaf: requested keyUsage and extendedKeyUsage (EKU also constrained by CAs that carry it).
 *
 * Only `anchors` confer trust. Certificates found in a signed object belong in `intermediates`,
 * where they are merely candidates that must chain to an anchor.
 */
import { CryptoError } from '../errors.ts';
import { isSm2PublicKey } from './algorithms.ts';
import { findCandidateChains } from './build-chain.ts';
import type { Certificate } from './certificate.ts';
import { checkCrl, crlMatchesIssuer, findRevocation } from './check-crl.ts';
import type { Crl } from './crl.ts';
import type { KeyUsage } from './extensions.ts';
import { OID_EKU } from './oids.ts';
import { parseCertificate } from './parse-certificate.ts';
import { parseCrl } from './parse-crl.ts';
import { CertPathError } from './path-error.ts';
import { verifySignedBytes } from './signature.ts';

/** Input to {@link validatePath}. Certificates and CRLs may be given as DER or parsed. */
export interface ValidatePathOptions {
  readonly leaf: Certificate | Uint8Array;
  /** Untrusted certificates that may complete the chain (e.g. those embedded in a seal). */
  readonly intermediates?: readonly (Certificate | Uint8Array)[];
  /** The only trusted certificates. */
  readonly anchors: readonly (Certificate | Uint8Array)[];
  /** The time at which the chain must be valid (e.g. now, or a trusted signing time). */
  readonly at: Date;
  readonly crls?: readonly (Crl | Uint8Array)[];
  /**
   * When true, every certificate below the anchor needs a valid, current CRL from its issuer;
   * without one the result is `ERR_CERT_REVOCATION_UNKNOWN`. Default false, in which case the
   * result reports such certificates as `unchecked`, never as good.
   */
  readonly requireRevocationInfo?: boolean;
  /** Key usages the leaf must carry (its keyUsage extension must be present). */
  readonly keyUsage?: readonly KeyUsage[];
  /** Purposes (OIDs) the leaf's extendedKeyUsage must list. */
  readonly extendedKeyUsage?: readonly string[];
  /** Longest chain of intermediates to consider; default 6. */
  readonly maxIntermediates?: number;
}

/** Revocation state of one certificate in a validated chain. */
export type RevocationStatus = 'good' | 'unchecked' | 'anchor';

/** A validated chain. */
export interface ValidatedPath {
  /** Leaf first, anchor last. */
  readonly chain: readonly Certificate[];
  readonly anchor: Certificate;
  /** Per certificate in `chain`: `good` when a current CRL does not list it. */
  readonly revocation: readonly RevocationStatus[];
}

// Parsed inputs are parsed again from their DER: the decoded fields of an object handed in
// could have been edited after parsing, and only the bytes are covered by a signature.
function toCert(x: Certificate | Uint8Array): Certificate {
  return parseCertificate(x instanceof Uint8Array ? x : x?.der);
}

function toCrl(x: Crl | Uint8Array): Crl {
  return parseCrl(x instanceof Uint8Array ? x : x?.der);
}

interface Context {
  readonly at: Date;
  readonly crls: readonly Crl[];
  readonly requireRevocationInfo: boolean;
  readonly keyUsage: readonly KeyUsage[];
  readonly extendedKeyUsage: readonly string[];
}

function fail(code: `ERR_${string}`, message: string, chain: readonly Certificate[], depth: number, cause?: unknown): never {
  throw new CertPathError(code, message, depth, chain[depth]!.subject.text, cause === undefined ? undefined : { cause });
}

function checkValidity(chain: readonly Certificate[], depth: number, at: Date): void {
  const c = chain[depth]!;
  if (at.getTime() < c.notBefore.getTime()) fail('ERR_CERT_NOT_YET_VALID', `not valid before ${c.notBefore.toISOString()}`, chain, depth);
  if (at.getTime() > c.notAfter.getTime()) fail('ERR_CERT_EXPIRED', `expired ${c.notAfter.toISOString()}`, chain, depth);
}

function checkCriticalExtensions(chain: readonly Certificate[], depth: number): void {
  const c = chain[depth]!;
  if (c.unhandledCriticalExtensions.length > 0) {
    fail('ERR_CERT_CRITICAL_EXTENSION', `unsupported critical extension ${c.unhandledCriticalExtensions.join(', ')}`, chain, depth);
  }
}

function checkIssuerRole(chain: readonly Certificate[], depth: number): void {
  const c = chain[depth]!;
  // A v1/v2 certificate has no basicConstraints and so cannot be shown to be a CA: refuse it.
  if (c.basicConstraints?.ca !== true) fail('ERR_CERT_BASIC_CONSTRAINTS', 'issuer is not a CA (basicConstraints)', chain, depth);
  if (c.keyUsage !== undefined && !c.keyUsage.includes('keyCertSign')) {
    fail('ERR_CERT_KEY_USAGE', 'issuer may not sign certificates (no keyCertSign)', chain, depth);
  }
}

function checkSignature(chain: readonly Certificate[], depth: number): void {
  const c = chain[depth]!;
  const issuer = chain[depth + 1]!;
  if (!isSm2PublicKey(issuer.publicKeyInfo)) {
    fail('ERR_CERT_SIGNATURE', 'issuer key is not an SM2 key', chain, depth);
  }
  if (!verifySignedBytes(issuer.publicKey, c.tbs, c.signatureAlgorithm, c.signatureValue)) {
    fail('ERR_CERT_SIGNATURE', `signature by ${issuer.subject.text} does not verify`, chain, depth);
  }
}

function checkRevocation(chain: readonly Certificate[], depth: number, ctx: Context): RevocationStatus {
  const cert = chain[depth]!;
  const issuer = chain[depth + 1]!;
  const candidates = ctx.crls.filter((crl) => crlMatchesIssuer(crl, issuer));
  const usable: Crl[] = [];
  const problems: CryptoError[] = [];
  const genuine: Crl[] = [];
  for (const crl of candidates) {
    try {
      checkCrl(crl, issuer, ctx.at);
      usable.push(crl);
    } catch (e) {
      if (!(e instanceof CryptoError)) throw e;
      problems.push(e);
      // Signature verified, only out of date: its revocations are still genuine.
      if (e.code === 'ERR_CRL_STALE') genuine.push(crl);
    }
  }
  for (const crl of usable.length > 0 ? usable : genuine) {
    const entry = findRevocation(crl, cert);
    if (entry !== undefined) {
      fail('ERR_CERT_REVOKED', `revoked ${entry.revocationDate.toISOString()}${entry.reason !== undefined ? ` (${entry.reason})` : ''}`, chain, depth);
    }
  }
  if (usable.length > 0) return 'good';
  // A CRL for this issuer was given but cannot be relied on: say why, whatever the policy, so
  // that bad revocation data is never mistaken for none.
  if (problems.length > 0) fail(problems[0]!.code, problems[0]!.message, chain, depth, problems[0]);
  if (ctx.requireRevocationInfo) {
    fail('ERR_CERT_REVOCATION_UNKNOWN', `no CRL from ${issuer.subject.text} was given`, chain, depth);
  }
  return 'unchecked';
}

function checkLeafUsage(chain: readonly Certificate[], ctx: Context): void {
  const leaf = chain[0]!;
  for (const usage of ctx.keyUsage) {
    if (leaf.keyUsage === undefined || !leaf.keyUsage.includes(usage)) {
      fail('ERR_CERT_KEY_USAGE', `key usage ${usage} not permitted`, chain, 0);
    }
  }
  for (const purpose of ctx.extendedKeyUsage) {
    if (leaf.extendedKeyUsage === undefined || !leaf.extendedKeyUsage.includes(purpose)) {
      fail('ERR_CERT_KEY_USAGE', `extended key usage ${purpose} not permitted`, chain, 0);
    }
    // A CA that lists purposes constrains what it may certify (common practice, as in OpenSSL).
    for (let d = 1; d < chain.length; d++) {
      const eku = chain[d]!.extendedKeyUsage;
      if (eku !== undefined && !eku.includes(purpose) && !eku.includes(OID_EKU.anyExtendedKeyUsage)) {
        fail('ERR_CERT_KEY_USAGE', `issuer does not allow extended key usage ${purpose}`, chain, d);
      }
    }
  }
}

function validateChain(chain: readonly Certificate[], ctx: Context): ValidatedPath {
  const top = chain.length - 1;
  const revocation: RevocationStatus[] = new Array<RevocationStatus>(chain.length).fill('anchor');
  // The anchor is trusted as given, but an expired anchor is a retired one.
  checkValidity(chain, top, ctx.at);
  checkCriticalExtensions(chain, top);
  if (top > 0) checkIssuerRole(chain, top);
  let maxPathLength = chain[top]!.basicConstraints?.pathLenConstraint ?? Infinity;
  for (let depth = top - 1; depth >= 0; depth--) {
    const c = chain[depth]!;
    checkSignature(chain, depth);
    checkValidity(chain, depth, ctx.at);
    checkCriticalExtensions(chain, depth);
    if (depth > 0) {
      checkIssuerRole(chain, depth);
      // RFC 5280 §6.1.4 (l)–(m): self-issued certificates (key rollover) do not count.
      if (!c.selfIssued) {
        if (maxPathLength <= 0) fail('ERR_CERT_PATH_LENGTH', 'too many intermediate CAs for a pathLenConstraint above', chain, depth);
        maxPathLength--;
      }
      const own = c.basicConstraints?.pathLenConstraint;
      if (own !== undefined && own < maxPathLength) maxPathLength = own;
    }
    revocation[depth] = checkRevocation(chain, depth, ctx);
  }
  checkLeafUsage(chain, ctx);
  return Object.freeze({ chain, anchor: chain[top]!, revocation });
}

function checkOptions(opts: ValidatePathOptions): void {
  if (opts === null || typeof opts !== 'object') throw new CryptoError('ERR_CERT_CHAIN', 'options must be an object');
  if (!(opts.at instanceof Date) || !Number.isFinite(opts.at.getTime())) throw new CryptoError('ERR_CERT_CHAIN', '`at` must be a valid date');
  if (!Array.isArray(opts.anchors) || opts.anchors.length === 0) throw new CryptoError('ERR_CERT_CHAIN', 'at least one trust anchor is required');
}

/**
 * Builds and validates the chain from `leaf` to one of `anchors` at time `at`.
 *
 * Returns the chain (leaf first) and each certificate's revocation state. Throws a
 * {@link CertPathError} (a CryptoError carrying `depth` and `subject`) with one of:
 * `ERR_CERT_CHAIN` (no chain to an anchor), `ERR_CERT_SIGNATURE`, `ERR_CERT_EXPIRED`,
 * `ERR_CERT_NOT_YET_VALID`, `ERR_CERT_BASIC_CONSTRAINTS`, `ERR_CERT_PATH_LENGTH`,
 * `ERR_CERT_KEY_USAGE`, `ERR_CERT_CRITICAL_EXTENSION`, `ERR_CERT_REVOKED`,
 * `ERR_CERT_REVOCATION_UNKNOWN`, `ERR_CRL_STALE`, `ERR_CRL_SIGNATURE`, `ERR_CRL_ISSUER`,
 * `ERR_CRL_UNSUPPORTED`; or a plain CryptoError `ERR_CERT_MALFORMED` / `ERR_CRL_MALFORMED` for
 * undecodable input. When several candidate chains exist, the first that validates wins; if none
 * does, the error of the shortest is reported.
 */
export function validatePath(opts: ValidatePathOptions): ValidatedPath {
  checkOptions(opts);
  const leaf = toCert(opts.leaf);
  const anchors = opts.anchors.map(toCert);
  // An undecodable intermediate cannot help build a chain; it is skipped rather than fatal,
  // since signed objects sometimes carry certificates unrelated to the signer.
  const intermediates = (opts.intermediates ?? []).flatMap((c) => {
    try {
      return [toCert(c)];
    } catch {
      return [];
    }
  });
  const ctx: Context = {
    at: opts.at,
    crls: (opts.crls ?? []).map(toCrl),
    requireRevocationInfo: opts.requireRevocationInfo === true,
    keyUsage: opts.keyUsage ?? [],
    extendedKeyUsage: opts.extendedKeyUsage ?? [],
  };
  const { chains, failure } = findCandidateChains(leaf, intermediates, anchors, opts.maxIntermediates ?? 6);
  if (chains.length === 0) {
    const at = failure ?? { cert: leaf, depth: 0 };
    throw new CertPathError('ERR_CERT_CHAIN', `no issuer ${at.cert.issuer.text} among the intermediates and trust anchors`,
      at.depth, at.cert.subject.text);
  }
  let first: unknown;
  for (const c of chains) {
    try {
      return validateChain(c.certs, ctx);
    } catch (e) {
      if (!(e instanceof CryptoError)) throw e;
      first ??= e;
    }
  }
  throw first;
}
