// The one shape in which a private signing key reaches the services: a file key, a cipher
// machine or a cloud KMS can all stand behind it.
import { CryptoError } from './errors.ts';
import { assertPrivateKey } from './sm2-context.ts';
import { publicKeyFromPrivate, sign, signedDigest } from './sm2.ts';

/** Makes SM2 signatures with a key that the holder of this object cannot read. */
export interface Signer {
  /** Identifies the key, e.g. in a key vault. */
  readonly keyId: string;
  /** The signing key's public point 04 ‖ x ‖ y. */
  readonly publicKey: Uint8Array;
  /** DER certificates, the signer's own first, then its issuers. */
  readonly certificateChain: Uint8Array[];
  /** DER SM2 signature over `data` with the default ID. */
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/**
 * A {@link Signer} over a private key held in memory. The key is copied, so the caller may wipe
 * its own buffer. Throws ERR_SM2_BAD_PRIVATE_KEY for an invalid key.
 */
export function softwareSigner(keyId: string, privateKey: Uint8Array, certificateChain: Uint8Array[]): Signer {
  assertPrivateKey(privateKey);
  if (!Array.isArray(certificateChain) || !certificateChain.every((c) => c instanceof Uint8Array)) {
    throw new CryptoError('ERR_SIGNER_BAD_CHAIN', 'certificate chain must be a list of DER byte arrays');
  }
  const key = Uint8Array.from(privateKey);
  const publicKey = publicKeyFromPrivate(key);
  // Computing Z_A now puts it in the per-key cache, so the first signature costs no more than the rest.
  signedDigest(publicKey, new Uint8Array(0));
  const chain = Object.freeze(certificateChain.map((c) => Uint8Array.from(c))) as Uint8Array[];
  return {
    keyId,
    publicKey: Uint8Array.from(publicKey),
    certificateChain: chain,
    async sign(data: Uint8Array) {
      return sign(key, data, { publicKey });
    },
  };
}
