// Trust material for verifying seals: anchors come from the caller (the pinned root file and any
// configured foreign roots), never from the database; the seal-maker CA certificate and its
// latest CRL come from the platform, as untrusted candidates and evidence.
import { PlatformKeys } from '../../domain/platform-keys.ts';
import type { KeyVault } from '../../ports/key-vault.ts';
import type { VerificationTrust } from '../../ports/licence-checks.ts';
import type { SealCrlStore } from '../../ports/seal-store.ts';

export type { VerificationTrust } from '../../ports/licence-checks.ts';

export async function verificationTrust(deps: { vault: KeyVault; crls: SealCrlStore; anchors: () => Uint8Array[] | Promise<Uint8Array[]> }): Promise<VerificationTrust> {
  const [anchors, ca, crl] = await Promise.all([deps.anchors(), deps.vault.info(PlatformKeys.sealMakerCa), deps.crls.latest()]);
  return { anchors: [...anchors], intermediates: ca?.certificateChain.slice(0, 1) ?? [], crls: crl ? [crl.der] : [] };
}
