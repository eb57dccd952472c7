import { describe, expect, it } from 'vitest';
import { isCryptoError } from '../../src/crypto/errors.ts';
import { softwareSigner } from '../../src/crypto/signer.ts';
import { decodeSignature, generateKeyPair, verify } from '../../src/crypto/sm2.ts';

describe('softwareSigner', () => {
  it('signs with the default ID in DER, verifiable with its public key', async () => {
    const kp = generateKeyPair();
    const cert = new Uint8Array([0x30, 0x00]);
    const signer = softwareSigner('seal-1', kp.privateKey, [cert]);
    expect(signer.keyId).toBe('seal-1');
    expect(Buffer.from(signer.publicKey).equals(kp.publicKey)).toBe(true);
    expect(signer.certificateChain.map((c) => Buffer.from(c).toString('hex'))).toEqual(['3000']);
    const data = new TextEncoder().encode('TBS_Sign bytes');
    const sig = await signer.sign(data);
    expect(sig[0]).toBe(0x30);
    expect(decodeSignature(sig).length).toBe(64);
    expect(verify(kp.publicKey, data, sig)).toBe(true);
  });

  it('keeps its own copy of the key', async () => {
    const kp = generateKeyPair();
    const key = kp.privateKey.slice();
    const signer = softwareSigner('k', key, []);
    key.fill(0);
    const data = new Uint8Array([1, 2, 3]);
    expect(verify(kp.publicKey, data, await signer.sign(data))).toBe(true);
  });

  it('rejects an invalid key or chain with a code', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isCryptoError(e) ? e.code : 'other';
      }
      return undefined;
    };
    expect(codeOf(() => softwareSigner('k', new Uint8Array(32), []))).toBe('ERR_SM2_BAD_PRIVATE_KEY');
    expect(codeOf(() => softwareSigner('k', generateKeyPair().privateKey, ['x' as unknown as Uint8Array]))).toBe('ERR_SIGNER_BAD_CHAIN');
  });
});
