import { readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { Config } from '../config/schema.ts';
import { createContainer } from '../container.ts';
import { generateKeyPair } from '../crypto/sm2.ts';
import { decodePublicKeyPem, encodePrivateKeyPem } from '../crypto/sm2-keys.ts';
import { certificateToPem } from '../crypto/x509/build-certificate.ts';
import { issueStaffCertificate } from '../services/identity/issue-staff-certificate.ts';
import { STAFF_IMPORT_USAGE, staffImportCommand } from './staff-import.ts';
import { STAFF_REVOKE_USAGE, staffRevokeCertCommand } from './staff-revoke-cert.ts';

export const STAFF_USAGE = `  staff issue-cert NUMBER (--pubkey PUB.pem | --generate-key KEY.pem) [--out CERT.pem] [--days N]
                   issue a login certificate from the staff CA for the public key of the staff
                   member's USB key (or a new software key written to KEY.pem, for a test client)
${STAFF_REVOKE_USAGE}
${STAFF_IMPORT_USAGE}`;

/**
 * `yinxin staff issue-cert`: a staff member's login certificate from the staff CA, written as PEM
 * with the staff CA certificate after it. Exit 64 for bad arguments.
 */
export async function staffCommand(args: string[], config: () => Config): Promise<number> {
  if (args[0] === 'import') return staffImportCommand(args.slice(1), config);
  if (args[0] === 'revoke-cert') return staffRevokeCertCommand(args.slice(1), config);
  const { values, positionals } = parseArgs({
    args, allowPositionals: true,
    options: { pubkey: { type: 'string' }, 'generate-key': { type: 'string' }, out: { type: 'string' }, days: { type: 'string' } },
  });
  const [sub, staffNumber] = positionals;
  const days = values.days === undefined ? undefined : Number(values.days);
  if (sub !== 'issue-cert' || !staffNumber || positionals.length !== 2 || (values.pubkey === undefined) === (values['generate-key'] === undefined) ||
    (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3650))) {
    console.error(`usage:\n${STAFF_USAGE}`);
    return 64;
  }
  let publicKey: Uint8Array;
  let privatePem: string | null = null;
  if (values.pubkey !== undefined) {
    publicKey = decodePublicKeyPem(readFileSync(values.pubkey, 'utf8'));
  } else {
    const pair = generateKeyPair();
    publicKey = pair.publicKey;
    privatePem = encodePrivateKeyPem(pair.privateKey, pair.publicKey);
  }
  const c = await createContainer({ ...config(), logLevel: 'warn' }, { background: false });
  try {
    const { certificate, chain } = await issueStaffCertificate(c.certLogin, { staffNumber, publicKey, ...(days ? { validityDays: days } : {}) }, { id: `os:${userInfo().username}`, kind: 'system' });
    if (privatePem !== null) writeFileSync(values['generate-key'] as string, privatePem, { mode: 0o600, flag: 'wx' });
    const pem = [certificate.der, ...chain.slice(0, 1)].map((d) => certificateToPem(d)).join('');
    if (values.out) writeFileSync(values.out, pem);
    else process.stdout.write(pem);
    console.error(`certificate ${certificate.serialNumber} for staff ${staffNumber}, valid until ${certificate.notAfter.toISOString()}`);
    return 0;
  } finally {
    await c.close();
  }
}
