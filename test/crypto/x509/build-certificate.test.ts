import { describe, expect, it } from 'vitest';
import { softwareSigner } from '../../../src/crypto/signer.ts';
import { generateKeyPair } from '../../../src/crypto/sm2.ts';
import { buildCertificate } from '../../../src/crypto/x509/build-certificate.ts';

describe('validity nesting at the encoded precision', () => {
  const notBefore = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 0));
  const notAfter = new Date(Date.UTC(2027, 0, 1, 0, 0, 0, 700));

  it('accepts a child ending in the same second as its issuer, and not one second later', async () => {
    const rootKey = generateKeyPair();
    const signer = softwareSigner('r', rootKey.privateKey, []);
    const root = await buildCertificate({ profile: 'root-ca', subject: 'CN=R', publicKey: rootKey.publicKey, notBefore, notAfter }, { signer });
    const child = await buildCertificate({ profile: 'seal', subject: 'CN=C', publicKey: generateKeyPair().publicKey, notBefore, notAfter }, { certificate: root, signer });
    expect(child.notAfter.getTime()).toBe(Date.UTC(2027, 0, 1));
    await expect(buildCertificate(
      { profile: 'seal', subject: 'CN=C', publicKey: generateKeyPair().publicKey, notBefore, notAfter: new Date(notAfter.getTime() + 1000) },
      { certificate: root, signer },
    )).rejects.toMatchObject({ code: 'ERR_CERT_TEMPLATE' });
  });
});
