// What the licence routes share: the deps they read from the composition root, reading the
// bearer token (requireCaller's reader), checking inputs with zod into field-level issues, and sending a PDF.
import type { Response } from 'express';
import type Provider from 'oidc-provider';
import { readApiToken } from '../../oidc/api-tokens.ts';
import type { ApiCaller } from '../../services/apps/authorize-app-admin.ts';
import type { AuditLog } from '../../services/audit/audit-log.ts';
import type { IdentityDeps } from '../../services/identity/identity-deps.ts';
import type { ActingDeps } from '../../services/acting/acting-deps.ts';
import type { LicenceDeps } from '../../services/licences/licence-deps.ts';

/** The part of the composition root the licence routes use. */
export interface LicenceRoutesDeps {
  licences: LicenceDeps;
  identity: Pick<IdentityDeps, 'accounts'>;
  audit: AuditLog;
  config: { publicUrl: string };
  oidcProvider(): Promise<Provider>;
  /** Acting for an enterprise: a holder acting for one sees its licences too. */
  acting?: Pick<ActingDeps, 'agents' | 'accounts' | 'clock'>;
}

/** The caller a bearer token for yinxin's API stands for (requireCaller's reader), or null. */
export function licenceTokenReader(deps: LicenceRoutesDeps): (token: string) => Promise<ApiCaller | null> {
  return async (token) => readApiToken(await deps.oidcProvider(), `${deps.config.publicUrl}/api`, token);
}

export const LICENCE_ID = /^lic_[A-Za-z0-9_-]{22}$/;
export const SHARE_ID = /^shr_[A-Za-z0-9_-]{22}$/;

/** Sends a licence PDF as a download. */
export function sendPdf(res: Response, pdf: { bytes: Uint8Array; filename: string }): void {
  sendFile(res, pdf, 'application/pdf');
}

/** Sends a licence OFD (GB/T 33190 package) as a download. */
export function sendOfd(res: Response, ofd: { bytes: Uint8Array; filename: string }): void {
  sendFile(res, ofd, 'application/ofd');
}

function sendFile(res: Response, pdf: { bytes: Uint8Array; filename: string }, type: string): void {
  res.set('Content-Type', type);
  res.set('Content-Disposition', `attachment; filename="${pdf.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  res.set('X-Content-Type-Options', 'nosniff');
  res.send(Buffer.from(pdf.bytes.buffer, pdf.bytes.byteOffset, pdf.bytes.byteLength));
}
