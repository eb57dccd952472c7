// SM2 sign and verify throughput: ours (the engine in use, and the @noble/curves reference), OpenSSL
// on this machine (`openssl speed sm2`), and sm-crypto, with the ratios ours / OpenSSL.
// Every figure includes hashing: e = SM3(Z_A ‖ M), Z_A cached per public key where we cache it.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { SM2_DEFAULT_ID, generateKeyPair, sign, signedDigest, verify } from '../src/crypto/sm2.ts';
import { engine } from '../src/crypto/sm2-context.ts';
import { referenceEngine } from '../src/crypto/sm2-reference.ts';
import { randomNonce } from '../src/crypto/sm2-context.ts';

interface SmCrypto {
  sm2: {
    generateKeyPairHex(): { privateKey: string; publicKey: string };
    doSignature(msg: string, privateKey: string, opts: { hash: boolean; der: boolean; publicKey?: string }): string;
    doVerifySignature(msg: string, sig: string, publicKey: string, opts: { hash: boolean; der: boolean }): boolean;
  };
}

const SECONDS = Number(process.argv[2] ?? 2);
const message = new TextEncoder().encode('yinxin bench: SES_Signature TBS bytes 0123456789');

/** CPU seconds (user + system, all threads) this process has used. */
function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Operations per CPU second of `op`, run for about SECONDS after a short warm-up. CPU time, not
 * wall time, because `openssl speed` reports per CPU second too, and other load on the machine
 * would otherwise count against one side only.
 */
function rate(op: (i: number) => void): number {
  const warmUntil = performance.now() + 200;
  let i = 0;
  while (performance.now() < warmUntil) op(i++);
  const start = cpuSeconds();
  let n = 0;
  while (cpuSeconds() - start < SECONDS) {
    for (let j = 0; j < 16; j++) op(i + n + j);
    n += 16;
  }
  return n / (cpuSeconds() - start);
}

function opensslRates(): { sign: number; verify: number } | undefined {
  const r = spawnSync('openssl', ['speed', '-seconds', '3', 'sm2'], { encoding: 'utf8' });
  const m = /SM2 \(CurveSM2\)\s+\S+\s+\S+\s+([\d.]+)\s+([\d.]+)/.exec(r.stdout ?? '');
  return m === null ? undefined : { sign: Number(m[1]), verify: Number(m[2]) };
}

const fmt = (x: number) => x.toFixed(0).padStart(8);
const line = (label: string, sign: number, verify: string) => console.log(`${label.padEnd(42)} sign/s ${fmt(sign)}   verify/s ${verify}`);

console.log(`engine: ${engine.name}; ${SECONDS} CPU seconds per figure`);

// Ours, through the public API.
const kp = generateKeyPair();
const sig = sign(kp.privateKey, message);
const ourSign = rate(() => { sign(kp.privateKey, message, { publicKey: kp.publicKey }); });
const ourCached = rate(() => { verify(kp.publicKey, message, sig); });
// Cold: more distinct keys than the key cache holds, so every verification meets a new key.
const cold = Array.from({ length: 1024 }, () => {
  const k = generateKeyPair();
  return { pub: k.publicKey, sig: sign(k.privateKey, message) };
});
const ourCold = rate((i) => { const c = cold[i % cold.length]!; verify(c.pub, message, c.sig); });
line(`yinxin (${engine.name})`, ourSign, `${fmt(ourCached)} cached key, ${fmt(ourCold)} cold key`);

// The reference engine, on the same digest computation as the public API.
if (engine !== referenceEngine) {
  const e = signedDigest(kp.publicKey, message, SM2_DEFAULT_ID);
  const raw = referenceEngine.sign(kp.privateKey, e, randomNonce()) ?? new Uint8Array(64);
  const prepared = referenceEngine.prepareKey(kp.publicKey)!;
  const refSign = rate(() => {
    referenceEngine.sign(kp.privateKey, signedDigest(kp.publicKey, message), randomNonce());
  });
  const refVerify = rate(() => {
    referenceEngine.verify(prepared, signedDigest(kp.publicKey, message), raw.subarray(0, 32), raw.subarray(32));
  });
  line('reference (@noble/curves)', refSign, `${fmt(refVerify)} cached key`);
}

const sm = createRequire(import.meta.url)('sm-crypto') as SmCrypto;
const smKeys = sm.sm2.generateKeyPairHex();
const msgHex = 'yinxin bench: SES_Signature TBS bytes 0123456789';
const smSig = sm.sm2.doSignature(msgHex, smKeys.privateKey, { hash: true, der: true, publicKey: smKeys.publicKey });
const smSign = rate(() => { sm.sm2.doSignature(msgHex, smKeys.privateKey, { hash: true, der: true, publicKey: smKeys.publicKey }); });
const smVerify = rate(() => { sm.sm2.doVerifySignature(msgHex, smSig, smKeys.publicKey, { hash: true, der: true }); });
line('sm-crypto 0.3', smSign, fmt(smVerify));

const ossl = opensslRates();
if (ossl === undefined) {
  console.log('openssl: not available, no ratios');
} else {
  line('openssl speed sm2', ossl.sign, fmt(ossl.verify));
  const ratio = (a: number, b: number) => (a / b).toFixed(2) + 'x';
  console.log(`ratio yinxin/openssl: sign ${ratio(ourSign, ossl.sign)}, verify cached ${ratio(ourCached, ossl.verify)}, verify cold ${ratio(ourCold, ossl.verify)}`);
  console.log(`ratio sm-crypto/openssl: sign ${ratio(smSign, ossl.sign)}, verify ${ratio(smVerify, ossl.verify)}`);
}
