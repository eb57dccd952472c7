import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKekRing } from '../../../src/adapters/keys/kek.ts';
import { SqlKeyVault } from '../../../src/adapters/keys/sql-key-vault.ts';
import { SqlAuditStore } from '../../../src/adapters/sql/sql-audit-store.ts';
import { certificateToPem } from '../../../src/crypto/x509/build-certificate.ts';
import { parseCertificate } from '../../../src/crypto/x509/parse-certificate.ts';
import { validatePath } from '../../../src/crypto/x509/validate-path.ts';
import { isAppError } from '../../../src/domain/errors.ts';
import { PlatformKeys } from '../../../src/domain/platform-keys.ts';
import { systemClock } from '../../../src/ports/clock.ts';
import { AuditLog } from '../../../src/services/audit/audit-log.ts';
import { initPlatformKeys } from '../../../src/services/pki/init-platform-keys.ts';
import { sqlBackends } from '../../support/sql-backends.ts';

const hasOpenssl = (() => { try { execFileSync('openssl', ['version']); return true; } catch { return false; } })();
if (process.env.CI === 'true' && !hasOpenssl) throw new Error('openssl is required under CI');

describe('platform keys', () => {
  let knex: Knex;
  let cleanup: () => Promise<void>;
  let vault: SqlKeyVault;
  let root: Uint8Array;
  const dir = mkdtempSync(join(tmpdir(), 'yinxin-pki-'));

  beforeAll(async () => {
    ({ knex, cleanup } = await (sqlBackends[0] as (typeof sqlBackends)[number]).open());
    const ring = parseKekRing(`k:${randomBytes(32).toString('base64')}`, 't');
    vault = new SqlKeyVault(knex, () => ring, systemClock);
    const audit = new AuditLog(new SqlAuditStore(knex), systemClock);
    ({ rootCertificate: root } = await initPlatformKeys({ vault, audit, clock: systemClock }, { organisation: '某市人民政府', publicUrl: 'https://id.example.gov.cn' }, { id: 'op', kind: 'system' }));
  });
  afterAll(async () => { await cleanup(); rmSync(dir, { recursive: true, force: true }); });

  it('makes a self-signed root and CAs that validate to it', async () => {
    const rootCert = parseCertificate(root);
    expect(rootCert.selfIssued).toBe(true);
    expect(rootCert.basicConstraints?.ca).toBe(true);
    for (const id of [PlatformKeys.sealMakerCa, PlatformKeys.staffCa, PlatformKeys.auditCheckpoint]) {
      const info = await vault.info(id);
      const chain = info?.certificateChain ?? [];
      expect(chain).toHaveLength(2);
      const path = validatePath({ leaf: chain[0] as Uint8Array, anchors: [root], at: new Date() });
      expect(Buffer.from(path.chain[0]!.publicKey).equals(Buffer.from(info!.publicKey))).toBe(true);
    }
    const maker = parseCertificate((await vault.info(PlatformKeys.sealMakerCa))!.certificateChain[0]!);
    expect(maker.basicConstraints).toMatchObject({ ca: true, pathLenConstraint: 0 });
    expect(maker.subject.text).toContain('某市人民政府');
    expect(maker.crlDistributionPoints?.[0]).toBe(`https://id.example.gov.cn/pki/crl/${PlatformKeys.rootCa}.crl`);
    expect((await vault.info(PlatformKeys.oidcSigning))?.algorithm).toBe('ec-p256');
  });

  it('refuses to run twice', async () => {
    const audit = new AuditLog(new SqlAuditStore(knex), systemClock);
    await expect(initPlatformKeys({ vault, audit, clock: systemClock }, { organisation: 'x', publicUrl: 'http://x' }, { id: 'op', kind: 'system' }))
      .rejects.toSatisfy((e) => isAppError(e, 'ERR_CONFLICT'));
  });

  it.runIf(hasOpenssl)('passes openssl verify with the SM2 distinguishing ID', async () => {
    writeFileSync(join(dir, 'root.pem'), certificateToPem(root));
    for (const id of [PlatformKeys.sealMakerCa, PlatformKeys.staffCa]) {
      writeFileSync(join(dir, `${id}.pem`), certificateToPem((await vault.info(id))!.certificateChain[0]!));
      const out = execFileSync('openssl', ['verify', '-CAfile', join(dir, 'root.pem'), '-vfyopt', 'distid:1234567812345678', join(dir, `${id}.pem`)], { encoding: 'utf8' });
      expect(out.trim()).toBe(`${join(dir, `${id}.pem`)}: OK`);
    }
  });
});
