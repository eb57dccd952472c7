import type { Signer } from '../crypto/signer.ts';

/**
 * `sm2` for seals, CAs and checkpoints; `ec-p256` for OpenID Connect token signing (ES256);
 * `rsa-2048` for apps that can only check RS256 ID tokens.
 */
export type KeyAlgorithm = 'sm2' | 'ec-p256' | 'rsa-2048';

/** Public facts about one version of a key. */
export interface KeyInfo {
  keyId: string;
  version: number;
  algorithm: KeyAlgorithm;
  /** SM2: the 65-byte point 04‖x‖y. ec-p256, rsa-2048: SPKI DER. */
  publicKey: Uint8Array;
  /** DER certificates, this key's own first; empty until one is issued. */
  certificateChain: Uint8Array[];
  createdAt: string;
}

/**
 * Private keys that never leave the vault in the clear except where a library must hold them
 * (token signing). A file-wrapped store, a cipher machine or an HSM can implement it.
 */
export interface KeyVault {
  /** Generate version 1 of a new key. Fails with ERR_KEY_EXISTS when the id is taken. */
  create(keyId: string, algorithm: KeyAlgorithm): Promise<KeyInfo>;
  /** Generate the next version of an existing key; earlier versions stay for verification. */
  rotate(keyId: string): Promise<KeyInfo>;
  /** Attach the issued certificate chain to a key version. */
  setCertificateChain(keyId: string, version: number, chain: Uint8Array[]): Promise<void>;
  /** One version (the latest when omitted), or null. */
  info(keyId: string, version?: number): Promise<KeyInfo | null>;
  /** All versions of a key, oldest first. */
  versions(keyId: string): Promise<KeyInfo[]>;
  /** A signer over an SM2 key version (the latest when omitted). */
  signerFor(keyId: string, version?: number): Promise<Signer>;
  /** PKCS#8 DER of a non-SM2 key, for libraries that sign themselves (oidc-provider). */
  exportPrivateKey(keyId: string, version?: number): Promise<Uint8Array>;
}
