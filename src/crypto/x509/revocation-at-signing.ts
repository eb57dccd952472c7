/**
 * Revocation state of a validated chain at a past signing time.
 *
 * Path validation checks CRLs that are current at the validation time, which for a past signing
 * time would mean a CRL from back then. What matters instead is whether any genuine CRL issued
 * at or after the signing time lists a certificate as revoked on or before it: a seal revoked
 * after signing does not undo earlier use, one revoked before does. A CRL current at the signing
 * time that does not list a certificate says the same as a later one. Used for SES signatures and
 * for PDF signatures alike.
 */
import { CryptoError } from '../errors.ts';
import type { Certificate } from './certificate.ts';
import { checkCrl, crlMatchesIssuer, findRevocation } from './check-crl.ts';
import type { Crl } from './crl.ts';

/** Worst first. */
export type RevocationAtSigning = 'revoked' | 'unknown' | 'unchecked' | 'revoked-after-signing' | 'good';

const RANK: readonly RevocationAtSigning[] = ['revoked', 'unknown', 'unchecked', 'revoked-after-signing', 'good'];

/** The outcome and a sentence saying why. */
export interface RevocationFinding {
  readonly state: RevocationAtSigning;
  readonly message: string;
  /** The state of each certificate below the anchor, leaf first. */
  readonly perCertificate?: readonly RevocationAtSigning[];
}

// A CRL is genuine when its issuer's signature verifies; staleness says nothing against that.
function genuineCrls(crls: readonly Crl[], issuer: Certificate): { genuine: Crl[]; problem?: CryptoError } {
  const genuine: Crl[] = [];
  let problem: CryptoError | undefined;
  for (const crl of crls.filter((c) => crlMatchesIssuer(c, issuer))) {
    try {
      checkCrl(crl, issuer, crl.thisUpdate);
      genuine.push(crl);
    } catch (e) {
      if (!(e instanceof CryptoError)) throw e;
      if (e.code === 'ERR_CRL_STALE') genuine.push(crl);
      else problem ??= e;
    }
  }
  return problem === undefined ? { genuine } : { genuine, problem };
}

function oneCertificate(cert: Certificate, issuer: Certificate, crls: readonly Crl[], signingTime: Date): RevocationFinding {
  const { genuine, problem } = genuineCrls(crls, issuer);
  let after: Date | undefined;
  for (const crl of genuine) {
    const entry = findRevocation(crl, cert);
    if (entry === undefined) continue;
    if (entry.revocationDate.getTime() <= signingTime.getTime()) {
      return { state: 'revoked', message: `${cert.subject.text} revoked ${entry.revocationDate.toISOString()}, before signing` };
    }
    after = entry.revocationDate;
  }
  if (after !== undefined) return { state: 'revoked-after-signing', message: `${cert.subject.text} revoked ${after.toISOString()}, after signing` };
  const t = signingTime.getTime();
  const covers = (c: Crl) => c.thisUpdate.getTime() >= t || (c.nextUpdate !== undefined && c.thisUpdate.getTime() <= t && t <= c.nextUpdate.getTime());
  if (genuine.some(covers)) return { state: 'good', message: 'not revoked at signing time' };
  if (problem !== undefined) return { state: 'unknown', message: `CRL of ${issuer.subject.text} cannot be relied on: ${problem.message}` };
  return { state: 'unchecked', message: `no CRL from ${issuer.subject.text} current at or issued after the signing time was given` };
}

/** The worst state over the chain (leaf first, anchor last; the anchor is not checked). */
export function revocationAtSigning(chain: readonly Certificate[], crls: readonly Crl[], signingTime: Date): RevocationFinding {
  let worst: RevocationFinding = { state: 'good', message: chain.length > 1 ? 'not revoked at signing time' : 'trust anchor' };
  const perCertificate: RevocationAtSigning[] = [];
  for (let d = 0; d + 1 < chain.length; d++) {
    const f = oneCertificate(chain[d]!, chain[d + 1]!, crls, signingTime);
    perCertificate.push(f.state);
    if (RANK.indexOf(f.state) < RANK.indexOf(worst.state)) worst = f;
  }
  return { ...worst, perCertificate };
}
