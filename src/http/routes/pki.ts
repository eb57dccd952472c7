import { Router } from 'express';
import { AppError } from '../../domain/errors.ts';

/**
 * Public PKI objects: the seal-maker CA's current CRL (named in every seal certificate's CRL
 * distribution point), the staff CA's CRL (named in staff login certificates) and the platform
 * root certificate for relying parties to pin.
 */
export function pkiRoutes(deps: { sealMakerCrl(): Promise<Uint8Array | null>; staffCrl?(): Promise<Uint8Array | null>; rootCertificate(): Promise<Uint8Array | null> }): Router {
  const r = Router();
  r.get('/pki/crl/seal-maker-ca.crl', async (_req, res) => {
    const der = await deps.sealMakerCrl();
    if (!der) throw new AppError('ERR_NOT_FOUND', 'no CRL issued yet');
    res.set('Content-Type', 'application/pkix-crl').set('Cache-Control', 'public, max-age=300').send(Buffer.from(der));
  });
  r.get('/pki/crl/staff-ca.crl', async (_req, res) => {
    const der = deps.staffCrl ? await deps.staffCrl() : null;
    if (!der) throw new AppError('ERR_NOT_FOUND', 'no staff CA');
    res.set('Content-Type', 'application/pkix-crl').set('Cache-Control', 'public, max-age=300').send(Buffer.from(der));
  });
  r.get('/pki/root.crt', async (_req, res) => {
    const der = await deps.rootCertificate();
    if (!der) throw new AppError('ERR_NOT_FOUND', 'no platform root certificate');
    res.set('Content-Type', 'application/pkix-cert').set('Cache-Control', 'public, max-age=3600').send(Buffer.from(der));
  });
  return r;
}
