import { describe, expect, it } from 'vitest';
import {
  SM2_DEFAULT_ID, ciphertextFromDer, ciphertextToDer, decodeSignature, decrypt, encodeSignature, encrypt, generateKeyPair, publicKeyFromPrivate, sign,
  signWithK, signedDigest, verify,
} from '../../src/crypto/sm2.ts';
import { engine } from '../../src/crypto/sm2-context.ts';
import { zValue } from '../../src/crypto/sm2-context.ts';
import { referenceEngine } from '../../src/crypto/sm2-reference.ts';
import { nativeEngine } from '../../src/crypto/sm2-native.ts';
import { codeOf } from '../support/crypto-error.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
const text = (s: string) => new TextEncoder().encode(s);

// GB/T 32918.5 / GM/T 0003.5 example on the recommended curve (see STANDARDS.md).
const d = bytes('3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8');
const P = bytes('04'
  + '09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020'
  + 'CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13');
const M = text('message digest');
const Z = 'b2e14c5c79c6df5b85f4fe7ed8db7a262b9da7e07ccb0ea9f4747b8ccda8a4f3';
const E = 'f0b43e94ba45accaace692ed534382eb17e6ab5a19ce7b31f4486fdfc0d28640';
const K = bytes('59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21');
const R = 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3';
const S = 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa';
const SIG_DER = `3046022100${R}022100${S}`;

describe('sm2 known answers', () => {
  it('derives the example public key', () => {
    expect(hex(publicKeyFromPrivate(d))).toBe(hex(P));
  });

  it('computes Z_A and e', () => {
    expect(hex(zValue(P, SM2_DEFAULT_ID))).toBe(Z);
    expect(hex(signedDigest(P, M))).toBe(E);
  });

  it('signs with the example k to the example r, s', () => {
    expect(hex(signWithK(d, M, K))).toBe(SIG_DER);
    expect(hex(signWithK(d, M, K, { publicKey: P }))).toBe(SIG_DER);
  });

  for (const eng of [referenceEngine, nativeEngine]) {
    it.skipIf(eng === undefined)(`engine ${eng?.name ?? 'native'}: signing equation and verification`, () => {
      expect(hex(eng!.sign(d, bytes(E), K)!)).toBe(R + S);
      expect(eng!.verify(P, bytes(E), bytes(R), bytes(S))).toBe(true);
      expect(eng!.verify(eng!.prepareKey(P)!, bytes(E), bytes(R), bytes(S))).toBe(true);
      expect(eng!.verify(P, bytes(E), bytes(S), bytes(R))).toBe(false);
    });
  }

  it('verifies the example signature, DER and raw', () => {
    expect(verify(P, M, bytes(SIG_DER))).toBe(true);
    expect(verify(P, M, bytes(R + S))).toBe(true);
    // Verified repeatedly, the key moves to its precomputed form; results must not change.
    for (let i = 0; i < 6; i++) expect(verify(P, M, bytes(SIG_DER))).toBe(true);
    expect(verify(P, text('message digesT'), bytes(SIG_DER))).toBe(false);
  });

  it('reads keys, signatures and nonces that are views into larger buffers', () => {
    const pool = new Uint8Array(400);
    pool.set(P, 3);
    const sig = bytes(SIG_DER);
    pool.set(sig, 100);
    pool.set(d, 200);
    pool.set(K, 300);
    const view = (at: number, len: number) => pool.subarray(at, at + len);
    for (let i = 0; i < 6; i++) expect(verify(view(3, 65), M, view(100, sig.length))).toBe(true);
    expect(hex(signWithK(view(200, 32), M, view(300, 32)))).toBe(SIG_DER);
    expect(hex(publicKeyFromPrivate(view(200, 32)))).toBe(hex(P));
    const c = encrypt(view(3, 65), M);
    const shifted = new Uint8Array(c.length + 5);
    shifted.set(c, 5);
    expect(hex(decrypt(view(200, 32), shifted.subarray(5)))).toBe(hex(M));
  });

  it('rejects the example signature for another message, ID or key', () => {
    expect(verify(P, text('message digesT'), bytes(SIG_DER))).toBe(false);
    expect(verify(P, M, bytes(SIG_DER), { id: text('1234567812345679') })).toBe(false);
    expect(verify(generateKeyPair().publicKey, M, bytes(SIG_DER))).toBe(false);
  });
});

describe('sm2 sign and verify', () => {
  it('round-trips with the default and a custom ID', () => {
    const kp = generateKeyPair();
    const sig = sign(kp.privateKey, M);
    expect(verify(kp.publicKey, M, sig)).toBe(true);
    const id = text('alice@example.gov.cn');
    const sig2 = sign(kp.privateKey, M, { id });
    expect(verify(kp.publicKey, M, sig2, { id })).toBe(true);
    expect(verify(kp.publicKey, M, sig2)).toBe(false);
    expect(verify(kp.publicKey, M, sig, { id: new Uint8Array(0) })).toBe(false);
  });

  it('keeps verifying correctly as keys pass through and out of the key cache', () => {
    const keys = Array.from({ length: 300 }, () => generateKeyPair());
    const sigs = keys.map((k) => sign(k.privateKey, M, { publicKey: k.publicKey }));
    for (let round = 0; round < 5; round++) {
      for (const i of [0, 1, 2, 150, 299]) {
        expect(verify(keys[i]!.publicKey, M, sigs[i]!)).toBe(true);
        expect(verify(keys[i]!.publicKey, M, sigs[(i + 1) % 300]!)).toBe(false);
      }
      keys.forEach((k, i) => expect(verify(k.publicKey, M, sigs[i]!)).toBe(true));
    }
  });

  it('makes a fresh signature each time', () => {
    expect(hex(sign(d, M))).not.toBe(hex(sign(d, M)));
  });

  it('returns false for undecodable or out-of-range signatures', () => {
    const n = 'fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123';
    for (const bad of [
      new Uint8Array(0), bytes('3000'), bytes(SIG_DER + '00'), bytes(SIG_DER.slice(0, -2)), bytes('00'.repeat(64)),
      bytes(n + S), bytes(R + n), bytes('3006020100020101'), bytes(`3045022100${R}0220${S}`),
      bytes(`304702220000${R}022100${S}`),
    ]) {
      expect(verify(P, M, bad)).toBe(false);
    }
    expect(verify(P, M, 'not bytes' as unknown as Uint8Array)).toBe(false);
  });

  it('throws only CryptoErrors with codes for malformed keys', () => {
    expect(codeOf(() => verify(P.subarray(1), M, bytes(SIG_DER)))).toBe('ERR_SM2_BAD_PUBLIC_KEY');
    const offCurve = P.slice();
    offCurve[64]! ^= 1;
    expect(codeOf(() => verify(offCurve, M, bytes(SIG_DER)))).toBe('ERR_SM2_BAD_PUBLIC_KEY');
    expect(codeOf(() => verify(new Uint8Array(65).fill(0, 1).fill(4, 0, 1), M, bytes(SIG_DER)))).toBe('ERR_SM2_BAD_PUBLIC_KEY');
    expect(codeOf(() => verify(null as unknown as Uint8Array, M, bytes(SIG_DER)))).toBe('ERR_SM2_BAD_PUBLIC_KEY');
    expect(codeOf(() => sign(new Uint8Array(32), M))).toBe('ERR_SM2_BAD_PRIVATE_KEY');
    expect(codeOf(() => sign(bytes('fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54122'), M))).toBe('ERR_SM2_BAD_PRIVATE_KEY');
    expect(codeOf(() => sign(d.subarray(1), M))).toBe('ERR_SM2_BAD_PRIVATE_KEY');
    expect(codeOf(() => sign(d, 'text' as unknown as Uint8Array))).toBe('ERR_SM2_BAD_INPUT');
    expect(codeOf(() => verify(P, M, bytes(SIG_DER), { id: new Uint8Array(8192) }))).toBe('ERR_SM2_BAD_ID');
    expect(codeOf(() => signWithK(d, M, new Uint8Array(32)))).toBe('ERR_SM2_BAD_NONCE');
  });

  it('accepts n − 2 as the largest private key', () => {
    const top = bytes('fffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54121');
    const pub = publicKeyFromPrivate(top);
    expect(verify(pub, M, sign(top, M))).toBe(true);
  });
});

describe('sm2 signature encoding', () => {
  it('encodes minimal DER integers', () => {
    const raw = new Uint8Array(64);
    raw[31] = 1;
    raw[32] = 0x80;
    expect(hex(encodeSignature(raw))).toBe('3026020101022100' + '80' + '00'.repeat(31));
    expect(hex(decodeSignature(encodeSignature(raw)))).toBe(hex(raw));
  });

  it('rejects non-DER forms with ERR_SM2_BAD_SIGNATURE_ENCODING', () => {
    expect(codeOf(() => decodeSignature(bytes('30060201ff020101')))).toBe('ERR_SM2_BAD_SIGNATURE_ENCODING');
    expect(codeOf(() => decodeSignature(bytes('30080201010201010000')))).toBe('ERR_SM2_BAD_SIGNATURE_ENCODING');
    expect(codeOf(() => decodeSignature(bytes('300702020001020101')))).toBe('ERR_SM2_BAD_SIGNATURE_ENCODING');
    expect(codeOf(() => decodeSignature(bytes('308106020101020101')))).toBe('ERR_SM2_BAD_SIGNATURE_ENCODING');
  });
});

describe('sm2 encryption', () => {
  it('round-trips, including empty and long messages', () => {
    const kp = generateKeyPair();
    for (const m of [new Uint8Array(0), text('abc'), new Uint8Array(1000).fill(0x5a)]) {
      const c = encrypt(kp.publicKey, m);
      expect(c.length).toBe(97 + m.length);
      expect(c[0]).toBe(4);
      expect(hex(decrypt(kp.privateKey, c))).toBe(hex(m));
    }
  });

  it('decrypts with the edge-case private keys n − 2 … n − 40', () => {
    for (let j = 2n; j <= 40n; j++) {
      const d = bytes((0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n - j).toString(16));
      const pub = publicKeyFromPrivate(d);
      expect(new TextDecoder().decode(decrypt(d, encrypt(pub, text('edge'))))).toBe('edge');
    }
  });

  it('puts C1 first as an uncompressed point on the curve', () => {
    const c = encrypt(P, text('encryption standard'));
    const c1 = c.subarray(0, 65);
    expect(engine.isValidPoint(c1)).toBe(true);
    expect(new TextDecoder().decode(decrypt(d, c))).toBe('encryption standard');
  });

  it('rejects changed ciphertexts and wrong keys with ERR_SM2_DECRYPT', () => {
    const kp = generateKeyPair();
    const c = encrypt(kp.publicKey, text('secret'));
    for (const at of [0, 1, 64, 65, 96, 97, c.length - 1]) {
      const bad = c.slice();
      bad[at]! ^= 1;
      expect(codeOf(() => decrypt(kp.privateKey, bad))).toBe('ERR_SM2_DECRYPT');
    }
    expect(codeOf(() => decrypt(generateKeyPair().privateKey, c))).toBe('ERR_SM2_DECRYPT');
    expect(codeOf(() => decrypt(kp.privateKey, c.subarray(0, 96)))).toBe('ERR_SM2_DECRYPT');
    expect(codeOf(() => encrypt(kp.publicKey.subarray(2), text('x')))).toBe('ERR_SM2_BAD_PUBLIC_KEY');
  });
});

describe('sm2 ciphertext DER form', () => {
  it('converts both ways and keeps decrypting', () => {
    const kp = generateKeyPair();
    for (const m of [new Uint8Array(0), text('abc'), new Uint8Array(300).fill(1)]) {
      const raw = encrypt(kp.publicKey, m);
      const der = ciphertextToDer(raw);
      expect(der[0]).toBe(0x30);
      expect(hex(ciphertextFromDer(der))).toBe(hex(raw));
      expect(hex(decrypt(kp.privateKey, ciphertextFromDer(der)))).toBe(hex(m));
    }
  });

  it('encodes coordinates as minimal positive INTEGERs', () => {
    const raw = new Uint8Array(97 + 2);
    raw[0] = 4;
    raw[32] = 0x01;  // x = 1
    raw[33] = 0x80;  // y has its top bit set
    raw.fill(0xcc, 65, 97);
    raw.set([0xaa, 0xbb], 97);
    const der = hex(ciphertextToDer(raw));
    expect(der).toBe('304c' + '020101' + '022100' + '80' + '00'.repeat(31) + '0420' + 'cc'.repeat(32) + '0402aabb');
    expect(hex(ciphertextFromDer(bytes(der)))).toBe(hex(raw));
  });

  it('uses long-form lengths for long ciphertexts', () => {
    const raw = new Uint8Array(97 + 200);
    raw[0] = 4;
    raw[1] = 0x11;
    raw[33] = 0x22;
    const der = ciphertextToDer(raw);
    expect(hex(der.subarray(0, 4))).toBe('30820131');
    expect(hex(ciphertextFromDer(der))).toBe(hex(raw));
  });

  it('rejects malformed DER with ERR_SM2_BAD_CIPHERTEXT_ENCODING', () => {
    const good = ciphertextToDer(encrypt(generateKeyPair().publicKey, text('x')));
    const cases = [
      new Uint8Array(0), good.subarray(0, good.length - 1), Uint8Array.of(...good, 0),
      bytes('3000'), bytes('30050201010201'), bytes('3081050201010201010400'),
      bytes(hex(good).replace(/0420/, '0421')),
    ];
    for (const bad of cases) expect(codeOf(() => ciphertextFromDer(bad))).toBe('ERR_SM2_BAD_CIPHERTEXT_ENCODING');
    expect(codeOf(() => ciphertextToDer(new Uint8Array(96)))).toBe('ERR_SM2_BAD_CIPHERTEXT_ENCODING');
  });
});
