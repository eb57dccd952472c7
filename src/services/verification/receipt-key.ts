// The receipt signing key, made on first use.
// Steps: the key `verification-receipt` from the vault, else create it (another process may win
// the race: then read theirs) → if it has no certificate yet, certify it under the platform root
// (as the audit checkpoint key is certified) → a signer over it, kept for later receipts.
import { buildCertificate } from '../../crypto/x509/build-certificate.ts';
import { parseCertificate } from '../../crypto/x509/parse-certificate.ts';
import type { Signer } from '../../crypto/signer.ts';
import { AppError, isAppError } from '../../domain/errors.ts';
import { PlatformKeys } from '../../domain/platform-keys.ts';
import { VERIFICATION_RECEIPT_KEY } from '../../domain/verification-receipt.ts';
import type { KeyInfo, KeyVault } from '../../ports/key-vault.ts';
import type { Clock } from '../../ports/clock.ts';

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

async function existingOrNew(vault: KeyVault): Promise<KeyInfo> {
  const found = await vault.info(VERIFICATION_RECEIPT_KEY);
  if (found) return found;
  try {
    return await vault.create(VERIFICATION_RECEIPT_KEY, 'sm2');
  } catch (e) {
    const theirs = isAppError(e, 'ERR_CONFLICT') ? await vault.info(VERIFICATION_RECEIPT_KEY) : null;
    if (theirs) return theirs;
    throw e;
  }
}

async function certify(deps: { vault: KeyVault; clock: Clock; organisation: string }, key: KeyInfo): Promise<void> {
  const root = await deps.vault.info(PlatformKeys.rootCa);
  const rootDer = root?.certificateChain[0];
  if (!rootDer) throw new AppError('ERR_NOT_READY', 'the platform root key is missing; run keys init');
  const now = deps.clock.now();
  const subject = [{ type: 'CN', value: `${deps.organisation} 核验回执 Verification Receipts` }, { type: 'O', value: deps.organisation }, { type: 'C', value: 'CN' }] as const;
  const cert = await buildCertificate(
    { profile: 'signer', subject, publicKey: key.publicKey, notBefore: new Date(now.getTime() - 5 * 60_000), notAfter: new Date(now.getTime() + 5 * YEAR_MS) },
    { certificate: parseCertificate(rootDer), signer: await deps.vault.signerFor(PlatformKeys.rootCa) },
  );
  await deps.vault.setCertificateChain(VERIFICATION_RECEIPT_KEY, key.version, [cert.der, rootDer]);
}

/** A function giving the receipt signer; the first call makes and certifies the key if needed. */
export function receiptSigner(deps: { vault: KeyVault; clock: Clock; organisation: string }): () => Promise<Signer> {
  let signer: Promise<Signer> | undefined;
  return () => {
    signer ??= (async () => {
      const key = await existingOrNew(deps.vault);
      if (key.certificateChain.length === 0) await certify(deps, key);
      return deps.vault.signerFor(VERIFICATION_RECEIPT_KEY, key.version);
    })();
    // A failure (the database away) is not remembered: the next receipt tries again.
    signer.catch(() => { signer = undefined; });
    return signer;
  };
}
