// Issue the staff CA's CRL, or hand back the current one while it has more than half its life left.
// Steps: the stored CRL when fresh enough → else the revoked certificates the staff CA issued →
// CRL number from the issue time in seconds (rises with every issue without a shared counter;
// two processes issuing in the same second produce the same list) → sign with the staff CA,
// current for CERT_LOGIN.crlValidityHours → keep it in the shared store → audit.
// Certificate login checks against this CRL and refuses when there is none (it never assumes
// "not revoked"); a revocation also drops the stored CRL so the next login issues a new one.
import { buildCrl } from '../../crypto/x509/build-crl.ts';
import type { CrlReason } from '../../crypto/x509/crl.ts';
import { CRL_REASONS } from '../../crypto/x509/crl.ts';
import { parseCertificate } from '../../crypto/x509/parse-certificate.ts';
import { AppError } from '../../domain/errors.ts';
import { PlatformKeys } from '../../domain/platform-keys.ts';
import { CERT_LOGIN } from './cert-login-deps.ts';
import type { CertLoginDeps } from './cert-login-deps.ts';

export const STAFF_CRL_KEY = 'pki:staff-crl';

interface StoredCrl { der: string; thisUpdate: string; nextUpdate: string }

const reasonOf = (r: string | null): CrlReason => (r !== null && r in CRL_REASONS ? (r as CrlReason) : 'unspecified');

export async function issueStaffCrl(deps: Pick<CertLoginDeps, 'bindings' | 'vault' | 'kv' | 'audit' | 'clock'>, opts: { force?: boolean } = {}): Promise<Uint8Array> {
  const now = deps.clock.now();
  const stored = await deps.kv.get(STAFF_CRL_KEY);
  if (stored !== null && !opts.force) {
    const crl = JSON.parse(stored) as StoredCrl;
    const half = (Date.parse(crl.thisUpdate) + Date.parse(crl.nextUpdate)) / 2;
    if (now.getTime() < half && now.getTime() >= Date.parse(crl.thisUpdate)) return Buffer.from(crl.der, 'base64');
  }
  const ca = await deps.vault.info(PlatformKeys.staffCa);
  if (!ca || ca.certificateChain.length === 0) throw new AppError('ERR_NOT_READY', 'the staff CA has not been created');
  const revoked = (await deps.bindings.revokedIssued()).map((b) => ({
    serialNumber: b.serialNumber, revocationDate: new Date(b.revokedAt as string), reason: reasonOf(b.revocationReason),
  }));
  const nextUpdate = new Date(now.getTime() + CERT_LOGIN.crlValidityHours * 3600_000);
  const issuer = { certificate: parseCertificate(ca.certificateChain[0] as Uint8Array), signer: await deps.vault.signerFor(PlatformKeys.staffCa) };
  const crl = await buildCrl({ thisUpdate: now, nextUpdate, crlNumber: Math.floor(now.getTime() / 1000), revoked }, issuer);
  const ttl = Math.max(1, Math.floor((nextUpdate.getTime() - now.getTime()) / 1000));
  await deps.kv.set(STAFF_CRL_KEY, JSON.stringify({ der: Buffer.from(crl.der).toString('base64'), thisUpdate: now.toISOString(), nextUpdate: nextUpdate.toISOString() }), ttl);
  await deps.audit.append({
    actor: { id: null, kind: 'system' }, action: 'staff.crl.issue', object: PlatformKeys.staffCa, outcome: 'success',
    details: { entries: revoked.length, nextUpdate: nextUpdate.toISOString() },
  });
  return crl.der;
}
