// Create the platform's keys and certificates on first start (or by `yinxin keys init`).
// Steps: refuse when any platform key exists (never overwrite) → root CA key and self-signed
// certificate → seal-maker CA (制章者) and staff CA, each certified by the root → the audit
// checkpoint key, certified by the root → the OpenID Connect token-signing keys (ES256, RS256) → audit.
import { buildCertificate } from '../../crypto/x509/build-certificate.ts';
import type { CertificateProfile } from '../../crypto/x509/profiles.ts';
import { AppError } from '../../domain/errors.ts';
import { PlatformKeys } from '../../domain/platform-keys.ts';
import type { Clock } from '../../ports/clock.ts';
import type { KeyVault } from '../../ports/key-vault.ts';
import type { AuditLog } from '../audit/audit-log.ts';

export interface PlatformPkiNames {
  /** Organisation name in certificate subjects, e.g. `某市人民政府`. */
  organisation: string;
  /** Base URL where CRLs are published (`<publicUrl>/pki/crl/<key id>.crl`). */
  publicUrl: string;
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

export async function initPlatformKeys(
  deps: { vault: KeyVault; audit: AuditLog; clock: Clock },
  names: PlatformPkiNames,
  actor: { id: string; kind: 'system' | 'staff' },
): Promise<{ created: string[]; rootCertificate: Uint8Array }> {
  const { vault, clock } = deps;
  const existing = [];
  for (const id of Object.values(PlatformKeys)) if (await vault.info(id)) existing.push(id);
  if (existing.length) {
    throw new AppError('ERR_CONFLICT', 'platform keys exist; refusing to overwrite', { details: { reason: 'ERR_KEYS_EXIST', existing } });
  }
  const now = clock.now();
  const notBefore = new Date(now.getTime() - 5 * 60_000); // tolerate clock skew of verifiers
  const until = (years: number) => new Date(now.getTime() + years * YEAR_MS);
  const subject = (cn: string) => [{ type: 'CN', value: cn }, { type: 'O', value: names.organisation }, { type: 'C', value: 'CN' }] as const;
  const crl = `${names.publicUrl}/pki/crl/${PlatformKeys.rootCa}.crl`;

  const root = await vault.create(PlatformKeys.rootCa, 'sm2');
  const rootSigner = await vault.signerFor(PlatformKeys.rootCa);
  const rootCert = await buildCertificate(
    { profile: 'root-ca', subject: subject(`${names.organisation} 根证书 Root CA`), publicKey: root.publicKey, notBefore, notAfter: until(20) },
    { signer: rootSigner },
  );
  await vault.setCertificateChain(PlatformKeys.rootCa, root.version, [rootCert.der]);

  const underRoot = async (keyId: string, profile: CertificateProfile, cn: string, years: number) => {
    const key = await vault.create(keyId, 'sm2');
    const cert = await buildCertificate(
      { profile, subject: subject(cn), publicKey: key.publicKey, notBefore, notAfter: until(years), crlDistributionPoints: [crl] },
      { certificate: rootCert, signer: rootSigner },
    );
    await vault.setCertificateChain(keyId, key.version, [cert.der, rootCert.der]);
  };
  await underRoot(PlatformKeys.sealMakerCa, 'intermediate-ca', `${names.organisation} 电子印章制章者 Seal Maker CA`, 10);
  await underRoot(PlatformKeys.staffCa, 'intermediate-ca', `${names.organisation} 工作人员 Staff CA`, 10);
  await underRoot(PlatformKeys.auditCheckpoint, 'signer', `${names.organisation} 审计 Audit Checkpoint`, 5);
  await vault.create(PlatformKeys.oidcSigning, 'ec-p256');
  await vault.create(PlatformKeys.oidcSigningRs256, 'rsa-2048');

  const created = Object.values(PlatformKeys);
  await deps.audit.append({ actor, action: 'admin.keys.init', outcome: 'success', details: { created, rootFingerprintSm3: rootCert.fingerprintSm3 } });
  return { created, rootCertificate: rootCert.der };
}
