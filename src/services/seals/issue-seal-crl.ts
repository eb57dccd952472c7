// Issue the seal-maker CA's current CRL: what relying parties outside the platform check.
// Steps: the seals with a certificate that are suspended (certificateHold) or revoked (the
// reason given at revocation), dated by the event that made them so → the next CRL number →
// sign with the seal-maker CA (current for `crlValidityHours`) → store it, taking the next
// number when another process took this one → audit.
// Resumed seals drop off the next CRL: a hold is not final (RFC 5280 §5.3.1). Expired seals are
// left off: their certificates expire with them.
import { buildCrl } from '../../crypto/x509/build-crl.ts';
import type { RevocationEntry } from '../../crypto/x509/build-crl.ts';
import { parseCertificate } from '../../crypto/x509/parse-certificate.ts';
import { AppError } from '../../domain/errors.ts';
import { CRL_REASON_OF } from '../../domain/seal.ts';
import type { IssuedCrl } from '../../ports/seal-store.ts';
import { sealMakerCa } from './seal-deps.ts';
import type { SealDeps } from './seal-deps.ts';

export async function issueSealCrl(deps: Pick<SealDeps, 'seals' | 'crls' | 'vault' | 'audit' | 'clock' | 'settings'>): Promise<IssuedCrl> {
  const listed = await deps.seals.list({ statuses: ['suspended', 'revoked'] }, 1_000_000);
  const revoked: RevocationEntry[] = [];
  for (const seal of listed) {
    if (seal.certificateSerial === null) continue;
    const event = (await deps.seals.events(seal.id)).filter((e) => e.to === seal.status).at(-1);
    if (event === undefined) continue;
    revoked.push({
      serialNumber: seal.certificateSerial,
      revocationDate: new Date(event.at),
      reason: seal.status === 'suspended' ? 'certificateHold' : CRL_REASON_OF[event.revocationReason ?? 'unspecified'],
    });
  }
  const ca = await sealMakerCa(deps);
  const issuer = { certificate: parseCertificate(ca.caChain[0]!), signer: await ca.signer() };
  for (let attempt = 0; attempt < 5; attempt++) {
    const now = deps.clock.now();
    const number = ((await deps.crls.latest())?.number ?? 0) + 1;
    const nextUpdate = new Date(now.getTime() + deps.settings.crlValidityHours * 3600_000);
    const crl = await buildCrl({ thisUpdate: now, nextUpdate, crlNumber: number, revoked }, issuer);
    const issued: IssuedCrl = { number, thisUpdate: now.toISOString(), nextUpdate: nextUpdate.toISOString(), der: crl.der };
    if (await deps.crls.save(issued)) {
      await deps.audit.append({
        actor: { id: null, kind: 'system' }, action: 'seal.crl.issue', object: `crl:${number}`, outcome: 'success',
        details: { number, entries: revoked.length, nextUpdate: issued.nextUpdate },
      });
      return issued;
    }
  }
  throw new AppError('ERR_CONFLICT', 'CRL numbers kept colliding', { details: { reason: 'ERR_CRL_NUMBER' } });
}
