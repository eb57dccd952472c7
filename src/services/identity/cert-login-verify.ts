// Prove that the caller holds the key of a trusted, current certificate: the step certificate
// login and certificate binding share.
// Steps: take the challenge once by its nonce (a replay or a second try finds nothing) → the
// signed text must be exactly the one issued, for this interaction or account → parse the
// certificate → the SM2 signature (default ID) over the challenge bytes with the certificate's
// key → the chain to the staff CA or an imported CA at now, with digitalSignature and the
// clientAuth purpose, and a current CRL from the issuer (required: no CRL, no login).
// Each refusal throws its own ERR_CERT_LOGIN_* code; details go to the audit trail only.
import { timingSafeEqual } from 'node:crypto';
import { CryptoError } from '../../crypto/errors.ts';
import { verify as sm2Verify } from '../../crypto/sm2.ts';
import type { Certificate } from '../../crypto/x509/certificate.ts';
import { OID_EKU } from '../../crypto/x509/oids.ts';
import { parseCertificate } from '../../crypto/x509/parse-certificate.ts';
import { validatePath } from '../../crypto/x509/validate-path.ts';
import { AppError } from '../../domain/errors.ts';
import type { ErrorCode } from '../../domain/errors.ts';
import { PlatformKeys } from '../../domain/platform-keys.ts';
import { challengeDigest, challengeKey } from './cert-login-challenge.ts';
import type { ChallengeFor } from './cert-login-challenge.ts';
import type { CertLoginDeps } from './cert-login-deps.ts';
import { issueStaffCrl } from './issue-staff-crl.ts';

/** What the client posts: the challenge text it signed, its certificate (and chain), the signature. */
export interface SignedChallenge {
  challenge: string;
  /** DER, base64. */
  certificate: string;
  chain?: string[];
  /** SM2 signature, DER SEQUENCE { r, s } or raw r ‖ s, base64. */
  signature: string;
}

export interface ProvenCertificate {
  certificate: Certificate;
  /** True when it chains to the platform staff CA, false for an imported CA. */
  fromStaffCa: boolean;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function refuse(code: ErrorCode, message: string, reason: string, cause?: unknown): never {
  throw new AppError(code, message, { cause, details: { reason } });
}

function bytes(field: string, text: string): Uint8Array {
  if (!BASE64.test(text)) refuse('ERR_VALIDATION', `${field} is not base64`, 'bad_input');
  return Buffer.from(text, 'base64');
}

/** Path errors of crypto/x509 to the login's codes. */
function pathCode(code: string): ErrorCode {
  if (code === 'ERR_CERT_EXPIRED' || code === 'ERR_CERT_NOT_YET_VALID') return 'ERR_CERT_LOGIN_EXPIRED';
  if (code === 'ERR_CERT_REVOKED') return 'ERR_CERT_LOGIN_REVOKED';
  if (code === 'ERR_CERT_REVOCATION_UNKNOWN' || code.startsWith('ERR_CRL_')) return 'ERR_CERT_LOGIN_REVOCATION_UNKNOWN';
  if (code === 'ERR_CERT_KEY_USAGE') return 'ERR_CERT_LOGIN_USAGE';
  if (code === 'ERR_CERT_MALFORMED') return 'ERR_VALIDATION';
  return 'ERR_CERT_LOGIN_UNTRUSTED';
}

async function takeChallenge(deps: CertLoginDeps, text: string, expected: ChallengeFor): Promise<void> {
  let nonce: unknown;
  try {
    nonce = (JSON.parse(text) as { nonce?: unknown }).nonce;
  } catch {
    refuse('ERR_CERT_LOGIN_CHALLENGE', 'challenge is not JSON', 'challenge_unreadable');
  }
  if (typeof nonce !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(nonce)) refuse('ERR_CERT_LOGIN_CHALLENGE', 'challenge has no nonce', 'challenge_unreadable');
  const stored = await deps.kv.take(challengeKey(nonce));
  if (stored === null) refuse('ERR_CERT_LOGIN_CHALLENGE', 'challenge unknown, expired or used', 'challenge_unknown');
  const record = JSON.parse(stored) as ChallengeFor & { digest: string };
  const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  const target = record.purpose === 'login' ? record.interaction : record.account;
  const wanted = expected.purpose === 'login' ? expected.interaction : expected.account;
  if (!same(record.digest, challengeDigest(text))) refuse('ERR_CERT_LOGIN_CHALLENGE', 'challenge text altered', 'challenge_altered');
  if (record.purpose !== expected.purpose || target !== wanted) refuse('ERR_CERT_LOGIN_CHALLENGE', 'challenge for another sign-in', 'challenge_elsewhere');
}

export async function proveCertificate(deps: CertLoginDeps, input: SignedChallenge, expected: ChallengeFor): Promise<ProvenCertificate> {
  await takeChallenge(deps, input.challenge, expected);
  let certificate: Certificate;
  try {
    certificate = parseCertificate(bytes('certificate', input.certificate));
  } catch (e) {
    if (e instanceof AppError) throw e;
    refuse('ERR_VALIDATION', 'certificate cannot be parsed', 'certificate_malformed', e);
  }
  const signature = bytes('signature', input.signature);
  let good = false;
  try {
    good = sm2Verify(certificate.publicKey, Buffer.from(input.challenge, 'utf8'), signature);
  } catch (e) {
    if (!(e instanceof CryptoError)) throw e;
  }
  if (!good) refuse('ERR_CERT_LOGIN_SIGNATURE', 'signature does not verify', 'bad_signature');

  const staffCa = (await deps.vault.info(PlatformKeys.staffCa))?.certificateChain[0];
  const external = deps.externalCas();
  const anchors = [...(staffCa ? [staffCa] : []), ...external.anchors];
  if (anchors.length === 0) refuse('ERR_CERT_LOGIN_UNTRUSTED', 'no CA is trusted for sign-in', 'no_anchors');
  const crls = [...(staffCa ? [await issueStaffCrl(deps)] : []), ...external.crls];
  try {
    const path = validatePath({
      leaf: certificate,
      intermediates: (input.chain ?? []).map((c, i) => bytes(`chain[${i}]`, c)),
      anchors,
      at: deps.clock.now(),
      crls,
      requireRevocationInfo: true,
      keyUsage: ['digitalSignature'],
      extendedKeyUsage: [OID_EKU.clientAuth],
    });
    const fromStaffCa = staffCa !== undefined && Buffer.compare(Buffer.from(path.anchor.der), Buffer.from(staffCa)) === 0;
    return { certificate, fromStaffCa };
  } catch (e) {
    if (!(e instanceof CryptoError)) throw e;
    refuse(pathCode(e.code), e.message, e.code, e);
  }
}
