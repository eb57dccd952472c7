// Any value at all, passed where bytes or strings belong, gives a result or a CryptoError with a
// code: never a TypeError or RangeError from deeper down, and never a hang.
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { isCryptoError } from '../../src/crypto/errors.ts';
import * as sm2 from '../../src/crypto/sm2.ts';
import * as keys from '../../src/crypto/sm2-keys.ts';
import { createSm3, hmacSm3, sm3 } from '../../src/crypto/sm3.ts';
import { sm4Decrypt, sm4Encrypt, sm4KeyIdOf } from '../../src/crypto/sm4.ts';
import { softwareSigner } from '../../src/crypto/signer.ts';

const kp = sm2.generateKeyPair();
const message = new Uint8Array([1, 2, 3]);
const signature = sm2.sign(kp.privateKey, message);
const key16 = new Uint8Array(16).fill(3);
const sealed = sm4Encrypt('k', key16, message);

function onlyCryptoErrors(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    if (!isCryptoError(e) || !/^ERR_[A-Z0-9_]+$/.test(e.code)) throw e;
  }
}

// Values that reach past simple type checks: arrays, typed arrays of other kinds, buffers,
// array-likes with a length, objects with getters that throw.
const odd = fc.oneof(
  fc.anything(),
  fc.uint8Array({ maxLength: 100 }),
  fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b)),
  fc.array(fc.integer(), { maxLength: 70 }),
  fc.integer({ min: 0, max: 100 }).map((n) => ({ length: n })),
  fc.constant(new Uint16Array(32)),
  fc.constant(new Uint8Array(65).fill(4)),
  fc.constant(Object.defineProperty({}, 'length', { get() { throw new Error('boom'); } })),
  fc.string({ maxLength: 80 }),
);

type Call = (x: unknown) => unknown;
const calls: Record<string, Call> = {
  'sm2.sign key': (x) => sm2.sign(x as Uint8Array, message),
  'sm2.sign message': (x) => sm2.sign(kp.privateKey, x as Uint8Array),
  'sm2.sign opts': (x) => sm2.sign(kp.privateKey, message, x as sm2.Sm2SignOptions),
  'sm2.sign id': (x) => sm2.sign(kp.privateKey, message, { id: x as Uint8Array }),
  'sm2.sign publicKey': (x) => sm2.sign(kp.privateKey, message, { publicKey: x as Uint8Array }),
  'sm2.signWithK k': (x) => sm2.signWithK(kp.privateKey, message, x as Uint8Array),
  'sm2.verify key': (x) => sm2.verify(x as Uint8Array, message, signature),
  'sm2.verify message': (x) => sm2.verify(kp.publicKey, x as Uint8Array, signature),
  'sm2.verify signature': (x) => sm2.verify(kp.publicKey, message, x as Uint8Array),
  'sm2.verify opts': (x) => sm2.verify(kp.publicKey, message, signature, x as sm2.Sm2VerifyOptions),
  'sm2.publicKeyFromPrivate': (x) => sm2.publicKeyFromPrivate(x as Uint8Array),
  'sm2.encrypt key': (x) => sm2.encrypt(x as Uint8Array, message),
  'sm2.encrypt plaintext': (x) => sm2.encrypt(kp.publicKey, x as Uint8Array),
  'sm2.decrypt key': (x) => sm2.decrypt(x as Uint8Array, new Uint8Array(100)),
  'sm2.decrypt ciphertext': (x) => sm2.decrypt(kp.privateKey, x as Uint8Array),
  'sm2.ciphertextFromDer': (x) => sm2.ciphertextFromDer(x as Uint8Array),
  'sm2.ciphertextToDer': (x) => sm2.ciphertextToDer(x as Uint8Array),
  'sm2.decodeSignature': (x) => sm2.decodeSignature(x as Uint8Array),
  'sm2.encodeSignature': (x) => sm2.encodeSignature(x as Uint8Array),
  'keys.decodePublicKeySpki': (x) => keys.decodePublicKeySpki(x as Uint8Array),
  'keys.decodePrivateKeyPkcs8': (x) => keys.decodePrivateKeyPkcs8(x as Uint8Array),
  'keys.decodePublicKeyPem': (x) => keys.decodePublicKeyPem(x as string),
  'keys.decodePrivateKeyPem': (x) => keys.decodePrivateKeyPem(x as string),
  'keys.encodePublicKeySpki': (x) => keys.encodePublicKeySpki(x as Uint8Array),
  'keys.encodePrivateKeyPkcs8': (x) => keys.encodePrivateKeyPkcs8(x as Uint8Array),
  'sm3': (x) => sm3(x as Uint8Array),
  'hmacSm3 key': (x) => hmacSm3(x as Uint8Array, message),
  'hmacSm3 data': (x) => hmacSm3(message, x as Uint8Array),
  'createSm3 update': (x) => createSm3().update(x as Uint8Array).digest(),
  'sm4Encrypt keyId': (x) => sm4Encrypt(x as string, key16, message),
  'sm4Encrypt key': (x) => sm4Encrypt('k', x as Uint8Array, message),
  'sm4Encrypt plaintext': (x) => sm4Encrypt('k', key16, x as Uint8Array),
  'sm4Encrypt aad': (x) => sm4Encrypt('k', key16, message, x as Uint8Array),
  'sm4Decrypt ciphertext': (x) => sm4Decrypt(() => key16, x as Uint8Array),
  'sm4Decrypt keyring result': (x) => sm4Decrypt(() => x as Uint8Array, sealed),
  'sm4Decrypt aad': (x) => sm4Decrypt(() => key16, sealed, x as Uint8Array),
  'sm4KeyIdOf': (x) => sm4KeyIdOf(x as Uint8Array),
  'softwareSigner key': (x) => softwareSigner('k', x as Uint8Array, []),
  'softwareSigner chain': (x) => softwareSigner('k', kp.privateKey, x as Uint8Array[]),
};

describe('malformed input', () => {
  for (const [name, call] of Object.entries(calls)) {
    it(`${name}: a result or a CryptoError`, () => {
      fc.assert(fc.property(odd, (x) => onlyCryptoErrors(() => call(x))), { numRuns: 150 });
      for (const x of [undefined, null, 0, -1, NaN, '', 'x'.repeat(65), {}, [], true, Symbol('s'), () => 1, 10n]) {
        onlyCryptoErrors(() => call(x));
      }
    });
  }
});
