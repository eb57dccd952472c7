// The verification receipt: signed by the platform's receipt key (made on first use, certified
// by the platform root), checked here with our SM2 code and with the OpenSSL command line.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPem } from '../../../src/crypto/asn1/pem.ts';
import { verify } from '../../../src/crypto/sm2.ts';
import { parseCertificate } from '../../../src/crypto/x509/parse-certificate.ts';
import { validatePath } from '../../../src/crypto/x509/validate-path.ts';
import { verifyLicenceByHandle } from '../../../src/services/verification/verify-licence-by-handle.ts';
import { sqlBackends } from '../../support/sql-backends.ts';
import { PUBLIC, verificationWorld } from './verification-world.ts';
import type { VerificationWorld } from './verification-world.ts';

describe('verification receipts', () => {
  let v: VerificationWorld;
  let dir: string;
  beforeAll(async () => {
    v = await verificationWorld(sqlBackends[0]!);
    dir = mkdtempSync(join(tmpdir(), 'yinxin-receipt-'));
  }, 60_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await v.cleanup();
  });

  it('come with every verdict, carry masked data only, and verify with our SM2 and with OpenSSL', async () => {
    expect(await v.w.deps.vault.info('verification-receipt')).toBeNull();
    const l = await v.issueProof();
    const { verdict, receipt } = await verifyLicenceByHandle(v.deps, { handle: l.handle }, PUBLIC);
    expect(receipt).not.toBeNull();
    const r = receipt!;
    expect(r).toMatchObject({ algorithm: 'SM2-SM3', signerId: '1234567812345678', keyId: 'verification-receipt#1' });
    const payload = JSON.parse(r.payload);
    expect(payload).toMatchObject({
      type: 'yinxin-verification-receipt-v1', channel: 'handle', result: 'VALID', checkedAt: verdict.checkedAt, verifier: null,
      subject: { identifier: l.identifier, holderName: '张*三', statusCode: '01' },
    });
    expect(r.payload).not.toContain('张某三');

    const chain = r.certificateChain.map((c) => Buffer.from(c, 'base64'));
    expect(chain).toHaveLength(2);
    expect(chain[1]!.equals(Buffer.from(v.w.root))).toBe(true);
    const leaf = parseCertificate(chain[0]!);
    expect(validatePath({ leaf, anchors: [v.w.root], at: v.w.clock.now() }).chain).toHaveLength(2);
    const signature = Buffer.from(r.signature, 'base64');
    const bytes = Buffer.from(r.payload, 'utf8');
    expect(verify(leaf.publicKey, bytes, signature)).toBe(true);
    expect(verify(leaf.publicKey, Buffer.from(r.payload.replace('VALID', 'REVOKED')), signature)).toBe(false);

    writeFileSync(join(dir, 'cert.pem'), toPem(chain[0]!, 'CERTIFICATE'));
    writeFileSync(join(dir, 'payload.json'), bytes);
    writeFileSync(join(dir, 'sig.der'), signature);
    const pub = execFileSync('openssl', ['x509', '-in', join(dir, 'cert.pem'), '-pubkey', '-noout']);
    writeFileSync(join(dir, 'pub.pem'), pub);
    const out = execFileSync('openssl', ['dgst', '-sm3', '-verify', join(dir, 'pub.pem'), '-sigopt', 'distid:1234567812345678', '-signature', join(dir, 'sig.der'), join(dir, 'payload.json')]).toString();
    expect(out.trim()).toBe('Verified OK');

    // The key is made once and reused.
    const again = await verifyLicenceByHandle(v.deps, { handle: l.handle }, PUBLIC);
    expect(again.receipt?.keyId).toBe('verification-receipt#1');
    expect((await v.w.deps.vault.versions('verification-receipt'))).toHaveLength(1);
  });
});
