// Interoperability with the OpenSSL command line: signatures both ways with the default and a
// custom ID, and keys both ways. Required under CI; skipped locally when openssl is absent.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  SM2_DEFAULT_ID, ciphertextFromDer, ciphertextToDer, decrypt, encrypt, generateKeyPair, sign, verify,
} from '../../src/crypto/sm2.ts';
import {
  decodePrivateKeyPem, decodePrivateKeyPkcs8, decodePublicKeyPem, decodePublicKeySpki, encodePrivateKeyPem,
  encodePublicKeyPem,
} from '../../src/crypto/sm2-keys.ts';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (process.env.CI === 'true' && !hasOpenssl) throw new Error('openssl is required for SM2 interop tests under CI');

const dir = mkdtempSync(join(tmpdir(), 'yinxin-sm2-openssl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => join(dir, name);

function openssl(...args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

const message = new TextEncoder().encode('电子印章 interop message\n');
writeFileSync(file('msg'), message);
const customId = 'alice@yinxin.gov.cn';

function opensslKey(name: string): { pem: string; pubPem: string } {
  expect(openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', file(name)).ok).toBe(true);
  expect(openssl('pkey', '-in', file(name), '-pubout', '-out', file(`${name}.pub`)).ok).toBe(true);
  return { pem: readFileSync(file(name), 'utf8'), pubPem: readFileSync(file(`${name}.pub`), 'utf8') };
}

describe.skipIf(!hasOpenssl)('sm2 with the openssl CLI', () => {
  for (const id of ['1234567812345678', customId]) {
    it(`openssl verifies our signature (ID ${id})`, () => {
      const kp = generateKeyPair();
      writeFileSync(file('ours.pub'), encodePublicKeyPem(kp.publicKey));
      writeFileSync(file('ours.sig'), sign(kp.privateKey, message, { id: new TextEncoder().encode(id) }));
      const r = openssl('dgst', '-sm3', '-verify', file('ours.pub'), '-sigopt', `distid:${id}`, '-signature', file('ours.sig'), file('msg'));
      expect(r.out).toContain('Verified OK');
      // The same signature under another ID must fail in OpenSSL too, or the test proves nothing.
      const wrong = openssl('dgst', '-sm3', '-verify', file('ours.pub'), '-sigopt', `distid:${id}x`, '-signature', file('ours.sig'), file('msg'));
      expect(wrong.ok).toBe(false);
    });

    it(`we verify openssl's signature (ID ${id})`, () => {
      const key = opensslKey('theirs.pem');
      expect(openssl('dgst', '-sm3', '-sign', file('theirs.pem'), '-sigopt', `distid:${id}`, '-out', file('theirs.sig'), file('msg')).ok).toBe(true);
      const sig = new Uint8Array(readFileSync(file('theirs.sig')));
      const pub = decodePublicKeyPem(key.pubPem);
      expect(verify(pub, message, sig, { id: new TextEncoder().encode(id) })).toBe(true);
      expect(verify(pub, message, sig, { id: new TextEncoder().encode(`${id}x`) })).toBe(false);
    });
  }

  it("verifies openssl's signature made with its default empty ID", () => {
    const key = opensslKey('empty.pem');
    expect(openssl('dgst', '-sm3', '-sign', file('empty.pem'), '-out', file('empty.sig'), file('msg')).ok).toBe(true);
    const sig = new Uint8Array(readFileSync(file('empty.sig')));
    const pub = decodePublicKeyPem(key.pubPem);
    expect(verify(pub, message, sig, { id: new Uint8Array(0) })).toBe(true);
    expect(verify(pub, message, sig, { id: SM2_DEFAULT_ID })).toBe(false);
  });

  it("decrypts openssl's SM2 ciphertext, and openssl decrypts ours", () => {
    const key = opensslKey('enc.pem');
    const pair = decodePrivateKeyPem(key.pem);
    const plain = new TextEncoder().encode('encryption standard — 加密标准');
    writeFileSync(file('enc.in'), plain);
    expect(openssl('pkeyutl', '-encrypt', '-pubin', '-inkey', file('enc.pem.pub'), '-in', file('enc.in'), '-out', file('enc.ct')).ok).toBe(true);
    const theirs = ciphertextFromDer(new Uint8Array(readFileSync(file('enc.ct'))));
    expect(Buffer.from(decrypt(pair.privateKey, theirs)).equals(plain)).toBe(true);
    expect(Buffer.from(ciphertextToDer(theirs)).equals(readFileSync(file('enc.ct')))).toBe(true);

    writeFileSync(file('ours.ct'), ciphertextToDer(encrypt(pair.publicKey, plain)));
    const r = spawnSync('openssl', ['pkeyutl', '-decrypt', '-inkey', file('enc.pem'), '-in', file('ours.ct')]);
    expect(r.status).toBe(0);
    expect(Buffer.from(r.stdout).equals(plain)).toBe(true);
  });

  it('loads openssl keys in PKCS#8, SEC1 and SPKI, and writes them back byte for byte', () => {
    const key = opensslKey('load.pem');
    const pair = decodePrivateKeyPem(key.pem);
    expect(Buffer.from(decodePublicKeyPem(key.pubPem)).equals(pair.publicKey)).toBe(true);
    expect(encodePrivateKeyPem(pair.privateKey)).toBe(key.pem);
    expect(encodePublicKeyPem(pair.publicKey)).toBe(key.pubPem);

    expect(openssl('pkey', '-in', file('load.pem'), '-outform', 'DER', '-out', file('load.der')).ok).toBe(true);
    const fromDer = decodePrivateKeyPkcs8(new Uint8Array(readFileSync(file('load.der'))));
    expect(Buffer.from(fromDer.privateKey).equals(pair.privateKey)).toBe(true);
    expect(openssl('pkey', '-in', file('load.pem'), '-pubout', '-outform', 'DER', '-out', file('load.pub.der')).ok).toBe(true);
    expect(Buffer.from(decodePublicKeySpki(new Uint8Array(readFileSync(file('load.pub.der'))))).equals(pair.publicKey)).toBe(true);

    // A compressed public point is accepted and expanded.
    expect(openssl('ec', '-in', file('load.pem'), '-pubout', '-conv_form', 'compressed', '-out', file('load.cpub')).ok).toBe(true);
    const compressed = readFileSync(file('load.cpub'), 'utf8');
    expect(Buffer.from(decodePublicKeyPem(compressed)).equals(pair.publicKey)).toBe(true);
  });

  it('openssl loads our keys and derives the same public key', () => {
    const kp = generateKeyPair();
    writeFileSync(file('mine.pem'), encodePrivateKeyPem(kp.privateKey));
    const r = openssl('pkey', '-in', file('mine.pem'), '-pubout');
    expect(r.ok).toBe(true);
    expect(r.out).toBe(encodePublicKeyPem(kp.publicKey));
    const text = openssl('pkey', '-in', file('mine.pem'), '-text', '-noout').out.replace(/[\s:]/g, '');
    expect(text).toContain(Buffer.from(kp.privateKey).toString('hex').replace(/^00/, ''));
    expect(text).toContain('SM2');
    // And signs with it so that we verify.
    expect(openssl('dgst', '-sm3', '-sign', file('mine.pem'), '-sigopt', 'distid:1234567812345678', '-out', file('mine.sig'), file('msg')).ok).toBe(true);
    expect(verify(kp.publicKey, message, new Uint8Array(readFileSync(file('mine.sig'))))).toBe(true);
  });
});
