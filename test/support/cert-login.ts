// Certificate login over a real SQL backend with platform keys, a clock tests can move, and a
// software key standing in for a USB key.
import { randomBytes } from 'node:crypto';
import { parseKekRing } from '../../src/adapters/keys/kek.ts';
import { SqlKeyVault } from '../../src/adapters/keys/sql-key-vault.ts';
import { MemoryKvStore } from '../../src/adapters/kv/memory-kv-store.ts';
import { SqlCertBindingStore } from '../../src/adapters/sql/sql-cert-binding-store.ts';
import { generateKeyPair, sign } from '../../src/crypto/sm2.ts';
import type { Sm2KeyPair } from '../../src/crypto/sm2.ts';
import type { Certificate } from '../../src/crypto/x509/certificate.ts';
import type { Clock } from '../../src/ports/clock.ts';
import { initPlatformKeys } from '../../src/services/pki/init-platform-keys.ts';
import type { CertLoginDeps } from '../../src/services/identity/cert-login-deps.ts';
import type { SignedChallenge } from '../../src/services/identity/cert-login-verify.ts';
import { identityFixture } from './identity.ts';
import type { IdentityFixture } from './identity.ts';
import type { SqlBackend } from './sql-backends.ts';

export interface MovableClock extends Clock {
  offsetMs: number;
}

export interface CertLoginFixture extends IdentityFixture {
  cert: CertLoginDeps;
  clock: MovableClock;
  external: { anchors: Uint8Array[]; crls: Uint8Array[] };
}

export const PUBLIC_URL = 'https://id.example.gov.cn';

export async function certLoginFixture(backend: SqlBackend): Promise<CertLoginFixture> {
  const f = await identityFixture(backend);
  const clock: MovableClock = { offsetMs: 0, now() { return new Date(Date.now() + this.offsetMs); } };
  const ring = parseKekRing(`k:${randomBytes(32).toString('base64')}`, 't');
  const vault = new SqlKeyVault(f.knex, () => ring, clock);
  await initPlatformKeys({ vault, audit: f.deps.audit, clock }, { organisation: '某市人民政府', publicUrl: PUBLIC_URL }, { id: 'test', kind: 'system' });
  const external = { anchors: [] as Uint8Array[], crls: [] as Uint8Array[] };
  const cert: CertLoginDeps = {
    accounts: f.deps.accounts, kv: new MemoryKvStore(clock), audit: f.deps.audit, clock,
    bindings: new SqlCertBindingStore(f.knex), vault, externalCas: () => external, publicUrl: PUBLIC_URL,
  };
  return { ...f, cert, clock, external };
}

/** A key pair held by the test client, like the one inside a USB key. */
export function softwareKey(): Sm2KeyPair {
  return generateKeyPair();
}

/** What the local signing middleware answers: the certificate, its chain and the signature. */
export function signChallenge(challenge: string, key: Sm2KeyPair, certificate: Certificate | Uint8Array, chain: Uint8Array[] = []): SignedChallenge {
  const der = certificate instanceof Uint8Array ? certificate : certificate.der;
  return {
    challenge,
    certificate: Buffer.from(der).toString('base64'),
    chain: chain.map((c) => Buffer.from(c).toString('base64')),
    signature: Buffer.from(sign(key.privateKey, Buffer.from(challenge, 'utf8'), { publicKey: key.publicKey })).toString('base64'),
  };
}
