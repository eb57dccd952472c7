// Cross-check with the OpenSSL CLI: the seal maker's and the signer's signatures verify over the
// exact SES_SealInfo and TBS_Sign byte slices, with the default SM2 ID. Required when CI=true.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openZip } from '../../../src/crypto/ofd/zip-reader.ts';
import { SES_Signature } from '../../../src/crypto/ses/index.ts';
import { encodeSignature, decodeSignature } from '../../../src/crypto/sm2.ts';
import { makeKit } from './seal-kit.ts';

const OPENSSL = '/usr/bin/openssl';
const available = spawnSync(OPENSSL, ['version']).status === 0;
if (process.env.CI === 'true' && !available) throw new Error('openssl is required in CI');

function opensslVerifies(certDer: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'ses-openssl-'));
  try {
    writeFileSync(join(dir, 'cert.der'), certDer);
    const pub = execFileSync(OPENSSL, ['x509', '-inform', 'DER', '-in', join(dir, 'cert.der'), '-pubkey', '-noout']);
    writeFileSync(join(dir, 'pub.pem'), pub);
    writeFileSync(join(dir, 'data.bin'), data);
    // Always DER for OpenSSL, whatever encoding the producer used.
    writeFileSync(join(dir, 'sig.der'), encodeSignature(decodeSignature(signature)));
    const r = spawnSync(OPENSSL, ['dgst', '-sm3', '-verify', join(dir, 'pub.pem'), '-sigopt', 'distid:1234567812345678',
      '-signature', join(dir, 'sig.der'), join(dir, 'data.bin')], { encoding: 'utf8' });
    return r.status === 0 && r.stdout.includes('Verified OK');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!available)('OpenSSL CLI cross-check', () => {
  it('our seal and signature verify over the exact SES_SealInfo and TBS_Sign bytes', async () => {
    const { pki, seal, signature } = await makeKit();
    expect(opensslVerifies(pki.seal.cert.der, seal.sealInfo.der, seal.signedValue)).toBe(true);
    expect(opensslVerifies(pki.signer.cert.der, signature.toSign.der, signature.signature)).toBe(true);
    const tampered = Uint8Array.from(signature.toSign.der);
    tampered[tampered.length - 1]! ^= 1;
    expect(opensslVerifies(pki.signer.cert.der, tampered, signature.signature)).toBe(false);
  });

  it('the interop fixture verifies with OpenSSL over the same slices', () => {
    const zip = openZip(new Uint8Array(readFileSync('/work/shared/fixtures/interop/kinggrid-einvoice-ses-v4.ofd')));
    const sig = SES_Signature.decode(zip.read('Doc_0/Signs/Sign_0/SignedValue.dat')!);
    const seal = sig.toSign.eseal;
    if (seal.version !== 4) throw new Error('expected a v4 seal');
    expect(opensslVerifies(seal.cert, seal.sealInfo.der, seal.signedValue)).toBe(true);
    expect(opensslVerifies(sig.cert, sig.toSign.der, sig.signature)).toBe(true);
  });
});
