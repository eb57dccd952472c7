// Who calls the seal API: a yinxin access token for the API resource carrying the `seals` scope,
// issued to a person, and the sign-in session behind it. Stamping needs the session's level,
// methods and time of sign-in (acr, amr, auth_time), which the token itself does not carry, so
// they are read from the provider's session each time (readApiToken): a later step-up counts at
// once, and a session that has ended gives no assurance at all.
import type Provider from 'oidc-provider';
import { AppError } from '../../domain/errors.ts';
import { readApiToken } from '../../oidc/api-tokens.ts';
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
  const c = await readApiToken(provider, apiResource, token);
  if (!c || !c.accountId) return null;
  const live = c.sessionAmr !== null && typeof c.sessionAuthTime === 'number';
  return {
    accountId: c.accountId,
    clientId: c.clientId,
    scopes: c.scopes,
    session: live ? { acr: c.sessionAcr ?? null, amr: c.sessionAmr ?? [], authTime: c.sessionAuthTime as number } : null,
  };
}

/** Refusal for a request without a usable token. */
export const unauthenticated = () => new AppError('ERR_UNAUTHENTICATED', 'a valid access token with the seals scope is required');
