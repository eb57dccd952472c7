/**
 * One certificate (the seal maker's or the signer's) at one moment: its own validity, its chain
 * to a configured trust anchor, its revocation state and its key usage. The facts are reported
 * separately in `details`, so that "expired now" and "no chain to our anchors" are never merged
 * into one vague failure.
 */
import { CryptoError } from '../../errors.ts';
import type { Certificate } from '../../x509/certificate.ts';
import { CertPathError } from '../../x509/path-error.ts';
import { parseCertificate } from '../../x509/parse-certificate.ts';
import { validatePath } from '../../x509/validate-path.ts';
import type { ValidatedPath } from '../../x509/validate-path.ts';
import type { CheckId, CheckRow, SubIndication } from './result.ts';
import { revocationAtSigning } from '../../x509/revocation-at-signing.ts';
import type { TrustContext } from './trust.ts';

/** Which moment is checked: the claimed signing time decides; now is reported alongside. */
export type CertificateMoment = 'signing-time' | 'now';

interface Problem {
  readonly status: 'failed' | 'indeterminate';
  readonly subIndication: SubIndication;
  readonly message: string;
  readonly code?: string;
}

function validityAt(cert: Certificate, at: Date): 'valid' | 'expired' | 'not-yet-valid' {
  if (at.getTime() < cert.notBefore.getTime()) return 'not-yet-valid';
  if (at.getTime() > cert.notAfter.getTime()) return 'expired';
  return 'valid';
}

function pathProblem(e: CryptoError): { chain: string; problem?: Problem } {
  const depth = e instanceof CertPathError ? e.depth : 0;
  switch (e.code) {
    case 'ERR_CERT_CHAIN':
      return { chain: 'not-found', problem: { status: 'indeterminate', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND', message: 'no chain to a configured trust anchor', code: e.code } };
    case 'ERR_CERT_EXPIRED':
    case 'ERR_CERT_NOT_YET_VALID':
      // At depth 0 this is the certificate's own validity, reported on its own.
      if (depth === 0) return { chain: 'found' };
      return { chain: 'invalid', problem: { status: 'failed', subIndication: e.code === 'ERR_CERT_EXPIRED' ? 'EXPIRED' : 'NOT_YET_VALID', message: e.message, code: e.code } };
    case 'ERR_CERT_REVOKED':
      return { chain: 'found', problem: { status: 'failed', subIndication: 'REVOKED', message: e.message, code: e.code } };
    case 'ERR_CERT_REVOCATION_UNKNOWN':
    case 'ERR_CRL_STALE':
    case 'ERR_CRL_SIGNATURE':
    case 'ERR_CRL_ISSUER':
    case 'ERR_CRL_UNSUPPORTED':
      return { chain: 'found', problem: { status: 'indeterminate', subIndication: 'TRY_LATER', message: e.message, code: e.code } };
    default:
      return { chain: 'invalid', problem: { status: 'indeterminate', subIndication: 'CHAIN_CONSTRAINTS_FAILURE', message: e.message, code: e.code } };
  }
}

function tryPath(cert: Certificate, at: Date, ctx: TrustContext, withCrls: boolean): { path?: ValidatedPath; error?: CryptoError } {
  if (ctx.anchors.length === 0) return { error: new CryptoError('ERR_CERT_CHAIN', 'no trust anchors are configured') };
  try {
    return {
      path: validatePath({
        leaf: cert, intermediates: ctx.intermediates, anchors: ctx.anchors, at,
        crls: withCrls ? ctx.crls : [], requireRevocationInfo: withCrls && ctx.requireRevocationInfo,
      }),
    };
  } catch (e) {
    if (e instanceof CryptoError) return { error: e };
    throw e;
  }
}

const SIGNING_USAGES = ['digitalSignature', 'nonRepudiation'] as const;

/**
 * Checks `certDer` at `at`. At the signing time, revocation is judged by CRLs issued at or after
 * it (see {@link revocationAtSigning}); now, by CRLs current now. Rows for `now` are warnings:
 * what happened to a certificate after the signing time does not undo the signature.
 */
export function checkCertificate(id: CheckId, role: string, certDer: Uint8Array, at: Date, moment: CertificateMoment, ctx: TrustContext): CheckRow {
  let cert: Certificate;
  try {
    cert = parseCertificate(certDer);
  } catch (e) {
    return { id, status: 'failed', subIndication: 'FORMAT_FAILURE', message: `${role} certificate cannot be parsed`, code: (e as CryptoError).code };
  }
  const validity = validityAt(cert, at);
  const { path, error } = tryPath(cert, at, ctx, moment === 'now');
  const found = error === undefined ? { chain: 'trusted' } : pathProblem(error);
  let revocation: string = path === undefined ? 'not-evaluated' : path.revocation.slice(0, -1).includes('unchecked') ? 'unchecked' : 'good';
  let revocationChain = path === undefined ? '' : path.revocation.slice(0, -1).join(', ');
  const problems: Problem[] = [];
  if (validity !== 'valid') {
    problems.push({ status: 'failed', subIndication: validity === 'expired' ? 'EXPIRED' : 'NOT_YET_VALID', message: `${validity} at ${at.toISOString()} (valid ${cert.notBefore.toISOString()} – ${cert.notAfter.toISOString()})` });
  }
  if (found.problem !== undefined) problems.push(found.problem);
  if (path !== undefined && moment === 'signing-time') {
    const r = revocationAtSigning(path.chain, ctx.crls, at);
    revocation = r.state;
    revocationChain = (r.perCertificate ?? []).join(', ');
    if (r.state === 'revoked') problems.push({ status: 'failed', subIndication: 'REVOKED', message: r.message });
    if (r.state === 'unknown' || (r.state === 'unchecked' && ctx.requireRevocationInfo)) problems.push({ status: 'indeterminate', subIndication: 'TRY_LATER', message: r.message });
  }
  if (cert.keyUsage !== undefined && !SIGNING_USAGES.some((u) => cert.keyUsage!.includes(u))) {
    problems.push({ status: 'failed', subIndication: 'SIG_CONSTRAINTS_FAILURE', message: 'key usage allows neither digitalSignature nor nonRepudiation' });
  }
  const details: Record<string, string> = {
    subject: cert.subject.text, issuer: cert.issuer.text, serialNumber: cert.serialNumber,
    notBefore: cert.notBefore.toISOString(), notAfter: cert.notAfter.toISOString(), at: at.toISOString(),
    validity, chain: found.chain, revocation,
  };
  // Leaf first; the worst state is `revocation`, but a revocation after signing must stay visible.
  if (revocationChain !== '') details.revocationChain = revocationChain;
  if (path !== undefined) details.anchor = path.anchor.subject.text;
  // A certificate that is itself an anchor is trusted as configured; "good" would claim a check.
  if (path?.chain.length === 1) details.revocation = revocation = 'anchor';
  const worst = problems.find((p) => p.status === 'failed') ?? problems[0];
  const when = moment === 'now' ? 'now' : 'at signing time';
  if (worst === undefined) {
    return { id, status: 'passed', message: `${role} certificate valid ${when}, chain to ${path!.anchor.subject.text}, revocation ${revocation}`, details };
  }
  const message = `${role} certificate ${when}: ${problems.map((p) => p.message).join('; ')}`;
  return {
    id, status: moment === 'now' ? 'warning' : worst.status, subIndication: worst.subIndication, message, details,
    ...(worst.code === undefined ? {} : { code: worst.code }),
  };
}
