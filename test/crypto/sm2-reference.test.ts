// The whole SM2 API on the reference engine, as it runs where the native addon is not built.
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/crypto/sm2-native.ts', () => ({ nativeEngine: undefined }));

const { engine } = await import('../../src/crypto/sm2-context.ts');
const { SM2_ENGINE, decrypt, encrypt, generateKeyPair, publicKeyFromPrivate, sign, signWithK, verify } = await import('../../src/crypto/sm2.ts');

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

describe('sm2 on the reference engine', () => {
  it('is the engine in use', () => {
    expect(engine.name).toBe('@noble/curves');
    expect(SM2_ENGINE).toBe('@noble/curves');
  });

  it('reproduces the GB/T 32918.5 signature and verifies it', () => {
    const d = bytes('3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8');
    const m = new TextEncoder().encode('message digest');
    const k = bytes('59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21');
    const sig = signWithK(d, m, k);
    expect(hex(sig)).toBe('3046022100f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3'
      + '022100b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa');
    const pub = publicKeyFromPrivate(d);
    for (let i = 0; i < 6; i++) expect(verify(pub, m, sig)).toBe(true);
    expect(verify(pub, m.subarray(1), sig)).toBe(false);
  });

  it('round-trips sign/verify and encrypt/decrypt', () => {
    const kp = generateKeyPair();
    const m = new TextEncoder().encode('reference');
    expect(verify(kp.publicKey, m, sign(kp.privateKey, m))).toBe(true);
    expect(hex(decrypt(kp.privateKey, encrypt(kp.publicKey, m)))).toBe(hex(m));
  });
});
