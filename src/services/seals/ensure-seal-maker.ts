// The seal maker's signing key (制章者): the key that signs every SES_SealInfo. CA keys sign
// only certificates and CRLs, so the maker signs with an end-entity key certified by the
// seal-maker CA, made on first use (or at start-up).
// Steps: read the key → create it when absent (a concurrent creator wins and is reused) →
// when it has no certificate yet, issue one from the seal-maker CA (`seal` profile, valid as
// long as the CA) and attach the chain → audit the creation → return its signer.
import { buildCertificate } from '../../crypto/x509/build-certificate.ts';
import { parseCertificate } from '../../crypto/x509/parse-certificate.ts';
import type { Signer } from '../../crypto/signer.ts';
import { isAppError } from '../../domain/errors.ts';
import { PlatformKeys } from '../../domain/platform-keys.ts';
import { SEAL_MAKER_SIGNING_KEY, sealMakerCa } from './seal-deps.ts';
import type { SealDeps } from './seal-deps.ts';

export async function ensureSealMaker(deps: Pick<SealDeps, 'vault' | 'audit' | 'clock' | 'settings'>): Promise<Signer> {
  const { vault } = deps;
  let info = await vault.info(SEAL_MAKER_SIGNING_KEY);
  if (info !== null && info.certificateChain.length > 0) return vault.signerFor(SEAL_MAKER_SIGNING_KEY, info.version);
  const ca = await sealMakerCa(deps);
  if (info === null) {
    try {
      info = await vault.create(SEAL_MAKER_SIGNING_KEY, 'sm2');
    } catch (e) {
      if (!isAppError(e, 'ERR_CONFLICT')) throw e;
      info = await vault.info(SEAL_MAKER_SIGNING_KEY);
      if (info === null) throw e;
      if (info.certificateChain.length > 0) return vault.signerFor(SEAL_MAKER_SIGNING_KEY, info.version);
    }
  }
  const caCert = parseCertificate(ca.caChain[0]!);
  const now = deps.clock.now();
  const cert = await buildCertificate({
    profile: 'seal',
    subject: [
      { type: 'CN', value: `${deps.settings.organisation} 电子印章制章者 Seal Maker` },
      { type: 'O', value: deps.settings.organisation }, { type: 'C', value: 'CN' },
    ],
    publicKey: info.publicKey,
    notBefore: new Date(now.getTime() - 5 * 60_000),
    notAfter: caCert.notAfter,
    crlDistributionPoints: [`${deps.settings.publicUrl}/pki/crl/${PlatformKeys.sealMakerCa}.crl`],
  }, { certificate: caCert, signer: await ca.signer() });
  await vault.setCertificateChain(SEAL_MAKER_SIGNING_KEY, info.version, [cert.der, ...ca.caChain]);
  await deps.audit.append({
    actor: { id: null, kind: 'system' }, action: 'seal.maker.init', object: SEAL_MAKER_SIGNING_KEY, outcome: 'success',
    details: { serialNumber: cert.serialNumber, fingerprintSm3: cert.fingerprintSm3 },
  });
  return vault.signerFor(SEAL_MAKER_SIGNING_KEY, info.version);
}
