// Who calls the seal API: a yinxin access token for the API resource carrying the `seals` scope,
// issued to a person, and the sign-in session behind it. Stamping needs the session's level,
// methods and time of sign-in (acr, amr, auth_time), which the token itself does not carry, so
// they are read from the provider's session each time: a later step-up counts at once, and a
// session that has ended gives no assurance at all.
import type { Request } from 'express';
import type Provider from 'oidc-provider';
import { AppError } from '../../domain/errors.ts';
import type { SessionAssurance } from '../../domain/seal.ts';

export const SEALS_SCOPE = 'seals';

export interface SealCaller {
  accountId: string;
  clientId: string;
  scopes: string[];
  /** The sign-in session's assurance, or null when that session has ended. */
  session: SessionAssurance | null;
}

/** The person a bearer token stands for, or null when it is not a live API token issued to a person. */
export async function readSealCaller(provider: Provider, apiResource: string, token: string): Promise<SealCaller | null> {
  if (!/^[A-Za-z0-9_-]{20,128}$/.test(token)) return null;
  const at = await provider.AccessToken.find(token);
  if (!at || at.isExpired || at.aud !== apiResource || !at.clientId || !at.accountId) return null;
  if (!(await provider.Client.find(at.clientId))) return null;
  if (at.grantId && !(await provider.Grant.find(at.grantId))) return null;
  const s = at.sessionUid ? await provider.Session.findByUid(at.sessionUid) : undefined;
  const live = s && s.accountId === at.accountId && typeof s.loginTs === 'number';
  return {
    accountId: at.accountId,
    clientId: at.clientId,
    scopes: (at.scope ?? '').split(' ').filter(Boolean),
    session: live ? { acr: s.acr ?? null, amr: [...(s.amr ?? [])], authTime: s.loginTs as number } : null,
  };
}

/** The bearer token of a request, or null. */
export function bearerOf(req: Request): string | null {
  const m = /^Bearer ([^\s]+)$/i.exec(req.headers.authorization ?? '');
  return m ? (m[1] as string) : null;
}

/** Refusal for a request without a usable token. */
export const unauthenticated = () => new AppError('ERR_UNAUTHENTICATED', 'a valid access token with the seals scope is required');
