// Interoperability with the OpenSSL 3 command line, both ways: OpenSSL verifies and prints our
// certificates and CRLs; we parse and validate certificates and CRLs that OpenSSL made.
// Required under CI; skipped locally when openssl is absent.
//
// OpenSSL 3.0 applies `-vfyopt distid:` only to the certificate named on the command line, not
// to untrusted intermediates, and `openssl crl` has no way to set the ID at all. So a
// three-level SM2 chain is verified in two steps (root → CA, then CA → leaf with
// -partial_chain), and CRL signatures with `openssl dgst`. The one-command form is still run, and
// must behave the same for our chain as for a chain OpenSSL made itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePrivateKeyPem, encodePublicKeyPem } from '../../../src/crypto/sm2-keys.ts';
import { softwareSigner } from '../../../src/crypto/signer.ts';
import {
  buildCertificate, buildCrl, certificateToPem, crlToPem, parseCertificatePem, parseCrlPem, validatePath,
  verifyCertificateSignature,
} from '../../../src/crypto/x509/index.ts';
import type { Certificate } from '../../../src/crypto/x509/index.ts';
import { generateKeyPair } from '../../../src/crypto/sm2.ts';
import { days, makePki } from './pki.ts';
import type { Pki } from './pki.ts';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (process.env.CI === 'true' && !hasOpenssl) throw new Error('openssl is required for X.509 interop tests under CI');

const DISTID = 'distid:1234567812345678';
const dir = mkdtempSync(join(tmpdir(), 'yinxin-x509-openssl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => join(dir, name);

function openssl(...args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('openssl', args, { encoding: 'utf8', cwd: dir });
  return { ok: r.status === 0, out: `${r.stdout}${r.stderr}` };
}

function must(...args: string[]): string {
  const r = openssl(...args);
  if (!r.ok) throw new Error(`openssl ${args.join(' ')} failed:\n${r.out}`);
  return r.out;
}

const write = (name: string, cert: Certificate) => writeFileSync(file(name), certificateToPem(cert));

describe.skipIf(!hasOpenssl)('x509 with the openssl CLI', () => {
  let pki: Pki;
  const now = new Date();

  beforeAll(async () => {
    // Valid around the real clock, since openssl verify checks against it.
    pki = await makePki(days(now, -2));
    write('root.pem', pki.root.cert);
    write('inter.pem', pki.sealCa.cert);
    write('ee.pem', pki.seal.cert);
    write('staff-ca.pem', pki.staffCa.cert);
    write('staff.pem', pki.staff.cert);
  });

  it('openssl verifies our CA certificate under our root', () => {
    expect(must('verify', '-CAfile', 'root.pem', '-vfyopt', DISTID, 'inter.pem')).toContain('inter.pem: OK');
    // With OpenSSL's default (empty) ID it fails: the signature really uses the GM/T 0009 ID.
    expect(openssl('verify', '-CAfile', 'root.pem', 'inter.pem').ok).toBe(false);
  });

  it('openssl verifies our seal and staff certificates under their CAs', () => {
    expect(must('verify', '-partial_chain', '-CAfile', 'inter.pem', '-vfyopt', DISTID, 'ee.pem')).toContain('ee.pem: OK');
    expect(must('verify', '-partial_chain', '-CAfile', 'staff-ca.pem', '-vfyopt', DISTID, '-purpose', 'sslclient', 'staff.pem')).toContain('staff.pem: OK');
    // A certificate under the wrong CA is refused, so the passes above mean something.
    expect(openssl('verify', '-partial_chain', '-CAfile', 'staff-ca.pem', '-vfyopt', DISTID, 'ee.pem').ok).toBe(false);
  });

  it('the one-command chain form behaves for our chain as for an OpenSSL-made chain', () => {
    must('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', 'o-root.key');
    must('req', '-x509', '-new', '-key', 'o-root.key', '-sm3', '-sigopt', DISTID, '-subj', '/CN=o-root', '-days', '2', '-out', 'o-root.pem');
    writeFileSync(file('o-ca.ext'), 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
    writeFileSync(file('o-ee.ext'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n');
    for (const [name, issuer, ext] of [['o-ca', 'o-root', 'o-ca.ext'], ['o-ee', 'o-ca', 'o-ee.ext']] as const) {
      must('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', `${name}.key`);
      must('req', '-new', '-key', `${name}.key`, '-sm3', '-sigopt', DISTID, '-subj', `/CN=${name}`, '-out', `${name}.csr`);
      must('x509', '-req', '-in', `${name}.csr`, '-vfyopt', DISTID, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`,
        '-sm3', '-sigopt', DISTID, '-days', '1', '-extfile', ext, '-out', `${name}.pem`);
    }
    const theirs = openssl('verify', '-CAfile', 'o-root.pem', '-untrusted', 'o-ca.pem', '-vfyopt', DISTID, 'o-ee.pem');
    const ours = openssl('verify', '-CAfile', 'root.pem', '-untrusted', 'inter.pem', '-vfyopt', DISTID, 'ee.pem');
    expect(ours.ok).toBe(theirs.ok);
    if (!ours.ok) {
      expect(ours.out).toContain('at 1 depth');
      expect(theirs.out).toContain('at 1 depth');
    }
    // And we validate OpenSSL's three-level chain.
    const r = validatePath({
      leaf: parseCertificatePem(readFileSync(file('o-ee.pem'), 'utf8')),
      intermediates: [parseCertificatePem(readFileSync(file('o-ca.pem'), 'utf8'))],
      anchors: [parseCertificatePem(readFileSync(file('o-root.pem'), 'utf8'))],
      at: soon(),
    });
    expect(r.chain.map((c) => c.subject.text)).toEqual(['CN=o-ee', 'CN=o-ca', 'CN=o-root']);
  });

  it('openssl prints our certificates sanely', () => {
    const ee = must('x509', '-in', 'ee.pem', '-text', '-noout', '-nameopt', 'utf8,sep_comma_plus_space');
    expect(ee).toContain('Signature Algorithm: SM2-with-SM3');
    expect(ee).toContain('ASN1 OID: SM2');
    expect(ee).toContain('Subject: C=CN, O=某市人民政府, CN=某市市场监督管理局, serialNumber=11330100002500287C');
    expect(ee).toContain('Issuer: C=CN, O=某市公安局, CN=某市电子印章制章者CA');
    expect(ee).toMatch(/Key Usage: critical\s+Digital Signature, Non Repudiation/);
    expect(ee).toContain('URI:http://pki.example.gov.cn/crl/seal-ca.crl');
    expect(ee).toContain(`Subject Key Identifier: \n                ${hexColons(pki.seal.cert.subjectKeyIdentifier!)}`);
    expect(must('x509', '-in', 'ee.pem', '-noout', '-serial')).toBe(`serial=${pki.seal.cert.serialNumber}\n`);
    expect(must('x509', '-in', 'ee.pem', '-noout', '-fingerprint', '-sm3').toLowerCase()).toContain(hexColons(Buffer.from(pki.seal.cert.fingerprintSm3, 'hex')).toLowerCase());

    const ca = must('x509', '-in', 'inter.pem', '-text', '-noout');
    expect(ca).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(ca).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    const staff = must('x509', '-in', 'staff.pem', '-text', '-noout');
    expect(staff).toMatch(/Extended Key Usage: \s+TLS Web Client Authentication/);
    expect(staff).toContain('email:lisi@example.gov.cn');
  });

  it('an OpenSSL-made SM2 root parses, self-verifies and anchors our certificates', async () => {
    must('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:SM2', '-out', 'ossl.key');
    must('req', '-x509', '-new', '-key', 'ossl.key', '-sm3', '-sigopt', DISTID, '-utf8',
      '-subj', '/C=CN/O=开放测试/CN=OpenSSL SM2 根', '-days', '1', '-out', 'ossl.pem');
    const root = parseCertificatePem(readFileSync(file('ossl.pem'), 'utf8'));
    expect(root.subject.text).toBe('CN=OpenSSL SM2 根, O=开放测试, C=CN');
    expect(root.basicConstraints?.ca).toBe(true);
    expect(root.publicKeyInfo.curve).toBe('1.2.156.10197.1.301');
    expect(verifyCertificateSignature(root, root)).toBe(true);
    expect(validatePath({ leaf: root, anchors: [root], at: soon() }).chain).toHaveLength(1);

    // Our builder issues under OpenSSL's key, and openssl accepts the result.
    const keys = decodePrivateKeyPem(readFileSync(file('ossl.key'), 'utf8'));
    const signer = softwareSigner('ossl', keys.privateKey, []);
    const leafKeys = generateKeyPair();
    const leaf = await buildCertificate({
      profile: 'signer', subject: 'CN=签章人, C=CN', publicKey: leafKeys.publicKey, notBefore: root.notBefore, notAfter: root.notAfter,
    }, { certificate: root, signer });
    write('ossl-leaf.pem', leaf);
    expect(must('verify', '-CAfile', 'ossl.pem', '-vfyopt', DISTID, 'ossl-leaf.pem')).toContain('OK');
    expect(validatePath({ leaf, anchors: [root], at: soon(), keyUsage: ['nonRepudiation'] }).chain).toHaveLength(2);
  });

  it('an OpenSSL-made CRL parses, verifies and revokes', () => {
    // openssl ca needs a small database; the index lists one revoked serial.
    writeFileSync(file('ca.cnf'), [
      '[ ca ]', 'default_ca = d', '[ d ]', 'database = index.txt', 'crlnumber = crlnumber', 'default_md = sm3',
      'default_crl_days = 7', 'crl_extensions = e', '[ e ]', 'authorityKeyIdentifier = keyid:always', '',
    ].join('\n'));
    writeFileSync(file('crlnumber'), '1000\n');
    writeFileSync(file('index.txt'), 'R\t301231000000Z\t240101000000Z,keyCompromise\t0A0B\tunknown\t/CN=x\n');
    must('ca', '-gencrl', '-config', 'ca.cnf', '-keyfile', 'o-ca.key', '-cert', 'o-ca.pem', '-sigopt', DISTID, '-out', 'o-ca.crl');
    const crl = parseCrlPem(readFileSync(file('o-ca.crl'), 'utf8'));
    expect(crl.crlNumber).toBe(0x1000n);
    expect(crl.revoked.map((r) => [r.serialNumber, r.reason])).toEqual([['0A0B', 'keyCompromise']]);
    const ca = parseCertificatePem(readFileSync(file('o-ca.pem'), 'utf8'));
    const root = parseCertificatePem(readFileSync(file('o-root.pem'), 'utf8'));
    const ee = parseCertificatePem(readFileSync(file('o-ee.pem'), 'utf8'));
    const good = validatePath({ leaf: ee, intermediates: [ca], anchors: [root], at: soon(), crls: [crl] });
    expect(good.revocation).toEqual(['good', 'unchecked', 'anchor']);

    // The same CRL listing this leaf's serial.
    writeFileSync(file('index.txt'), `R\t301231000000Z\t240101000000Z,superseded\t${ee.serialNumber}\tunknown\t/CN=x\n`);
    must('ca', '-gencrl', '-config', 'ca.cnf', '-keyfile', 'o-ca.key', '-cert', 'o-ca.pem', '-sigopt', DISTID, '-out', 'o-ca2.crl');
    const revoking = parseCrlPem(readFileSync(file('o-ca2.crl'), 'utf8'));
    expect(() => validatePath({ leaf: ee, intermediates: [ca], anchors: [root], at: soon(), crls: [revoking] }))
      .toThrow(expect.objectContaining({ code: 'ERR_CERT_REVOKED', depth: 0 }));
  });

  it('openssl reads our CRL and verifies its signature', async () => {
    const crl = await buildCrl({
      thisUpdate: days(now, -1), nextUpdate: days(now, 6), crlNumber: 42,
      revoked: [{ serialNumber: pki.seal.cert.serialNumber, revocationDate: days(now, -1), reason: 'keyCompromise' }],
    }, { certificate: pki.sealCa.cert, signer: pki.sealCa.signer });
    writeFileSync(file('ours.crl'), crlToPem(crl));
    const text = must('crl', '-in', 'ours.crl', '-text', '-noout', '-nameopt', 'utf8,sep_comma_plus_space');
    expect(text).toContain('Version 2 (0x1)');
    expect(text).toContain('Issuer: C=CN, O=某市公安局, CN=某市电子印章制章者CA');
    expect(text).toMatch(/CRL Number: \s+42/);
    expect(text).toContain(`Serial Number: ${pki.seal.cert.serialNumber}`);
    expect(text).toMatch(/CRL Reason Code: \s+Key Compromise/);
    // `openssl crl -CAfile` cannot set the SM2 ID, so check the signature over the TBS directly,
    // with the TBS cut out by openssl itself.
    must('crl', '-in', 'ours.crl', '-outform', 'DER', '-out', 'ours.crl.der');
    const parsed = must('asn1parse', '-inform', 'DER', '-in', 'ours.crl.der');
    const tbsLine = parsed.split('\n')[1]!; // "    4:d=1  hl=4 l= 469 cons: SEQUENCE"
    const m = /^\s*(\d+):d=1\s+hl=(\d+)\s+l=\s*(\d+)/.exec(tbsLine)!;
    const start = Number(m[1]);
    const der = readFileSync(file('ours.crl.der'));
    writeFileSync(file('ours.tbs'), der.subarray(start, start + Number(m[2]) + Number(m[3])));
    writeFileSync(file('ours.sig'), crl.signatureValue);
    writeFileSync(file('ca.pub'), encodePublicKeyPem(pki.sealCa.cert.publicKey));
    expect(must('dgst', '-sm3', '-verify', 'ca.pub', '-sigopt', DISTID, '-signature', 'ours.sig', 'ours.tbs')).toContain('Verified OK');
  });
});

// OpenSSL stamps what it makes with the current second, which can be after a time taken earlier.
function soon(): Date {
  return new Date(Date.now() + 5000);
}

function hexColons(b: Uint8Array): string {
  return Buffer.from(b).toString('hex').toUpperCase().match(/../g)!.join(':');
}
