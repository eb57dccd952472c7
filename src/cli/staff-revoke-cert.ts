// `yinxin staff revoke-cert (CERT.pem | --fingerprint SM3HEX) --reason REASON`: revoke a login
// certificate linked to an account (a lost USB key, a staff member leaving). Certificate login
// refuses it at once; for a certificate of the staff CA a new CRL is issued at once too. Audited.
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { Config } from '../config/schema.ts';
import { createContainer } from '../container.ts';
import { CRL_REASONS } from '../crypto/x509/crl.ts';
import type { CrlReason } from '../crypto/x509/crl.ts';
import { parseCertificatePem } from '../crypto/x509/parse-certificate.ts';
import { revokeCertificate } from '../services/identity/revoke-certificate.ts';

export const STAFF_REVOKE_USAGE = `  staff revoke-cert (CERT.pem | --fingerprint SM3HEX) --reason REASON
                   revoke a login certificate (reasons: keyCompromise, affiliationChanged,
                   superseded, cessationOfOperation, unspecified); a new staff CA CRL at once`;

const REASONS: readonly CrlReason[] = ['keyCompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'unspecified'];

export async function staffRevokeCertCommand(args: string[], config: () => Config): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { fingerprint: { type: 'string' }, reason: { type: 'string' } } });
  const reason = values.reason as CrlReason | undefined;
  const ok = positionals.length === (values.fingerprint === undefined ? 1 : 0)
    && (values.fingerprint === undefined || /^[0-9a-fA-F]{64}$/.test(values.fingerprint))
    && reason !== undefined && REASONS.includes(reason) && reason in CRL_REASONS;
  if (!ok) {
    console.error(`usage:\n${STAFF_REVOKE_USAGE}`);
    return 64;
  }
  // The file may hold the CA's certificate after it, as issue-cert writes it: the first is the one.
  const firstPem = (text: string) => /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(text)?.[0] ?? text;
  const fingerprintSm3 = values.fingerprint?.toLowerCase() ?? parseCertificatePem(firstPem(readFileSync(positionals[0] as string, 'utf8'))).fingerprintSm3;
  const c = await createContainer({ ...config(), logLevel: 'warn' }, { background: false });
  try {
    await revokeCertificate(c.certLogin, { fingerprintSm3, reason: reason as CrlReason }, { id: `os:${userInfo().username}`, kind: 'system' });
    console.log(`certificate ${fingerprintSm3} revoked (${reason})`);
    return 0;
  } finally {
    await c.close();
  }
}
