// A platform root and an audit checkpoint key certified by it, for tests of signed checkpoints.
import { softwareSigner } from '../../src/crypto/signer.ts';
import type { Signer } from '../../src/crypto/signer.ts';
import { generateKeyPair } from '../../src/crypto/sm2.ts';
import { buildCertificate } from '../../src/crypto/x509/build-certificate.ts';

const day = 86_400_000;

export interface AuditKeys {
  root: { der: Uint8Array };
  signer: Signer;
  /** What verifyAuditLog needs to trust checkpoints made by `signer`. */
  opts: { anchors: Uint8Array[]; certificateChainOf: (keyId: string) => Promise<Uint8Array[] | null> };
}

export async function auditKeys(at = Date.now()): Promise<AuditKeys> {
  const now = Math.floor(at / 1000) * 1000;
  const notBefore = new Date(now - 30 * day);
  const notAfter = new Date(now + 30 * day);
  const rootKey = generateKeyPair();
  const rootSigner = softwareSigner('root', rootKey.privateKey, []);
  const root = await buildCertificate({ profile: 'root-ca', subject: 'CN=Test Root, C=CN', publicKey: rootKey.publicKey, notBefore, notAfter }, { signer: rootSigner });
  const key = generateKeyPair();
  const cert = await buildCertificate({ profile: 'signer', subject: 'CN=Audit, C=CN', publicKey: key.publicKey, notBefore, notAfter }, { certificate: root, signer: rootSigner });
  const signer = softwareSigner('audit-checkpoint#1', key.privateKey, [cert.der, root.der]);
  return { root, signer, opts: { anchors: [root.der], certificateChainOf: async (id) => (id === signer.keyId ? signer.certificateChain : null) } };
}
