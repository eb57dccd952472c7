// Issue a one-time challenge for certificate login or binding.
// Steps: 32 random bytes as the nonce → the challenge as a JSON text (below) → store its SM3
// digest under the nonce, with what it is for (a login interaction or an account binding a
// certificate), for CERT_LOGIN.challengeTtlSeconds → return the exact text, which the client signs
// byte for byte.
//
// The text: {"type":"yinxin-cert-challenge","version":1,"purpose":"login"|"bind","aud":<origin>,
// "interaction"|"account":<id>,"nonce":<base64url>,"iat":<ISO time>,"exp":<ISO time>}
// Naming the origin and the interaction in what is signed means a signature made for one site or
// one sign-in proves nothing anywhere else (docs/cert-login.md).
import { createHash, randomBytes } from 'node:crypto';
import { CERT_LOGIN } from './cert-login-deps.ts';
import type { CertLoginDeps } from './cert-login-deps.ts';

export type ChallengeFor = { purpose: 'login'; interaction: string } | { purpose: 'bind'; account: string };

export interface IssuedChallenge {
  /** The exact text to sign (UTF-8). */
  challenge: string;
  expiresAt: string;
}

export const challengeKey = (nonce: string) => `cert:challenge:${nonce}`;
export const challengeDigest = (text: string) => createHash('sm3').update(text, 'utf8').digest('hex');

export async function issueCertChallenge(deps: Pick<CertLoginDeps, 'kv' | 'clock' | 'publicUrl'>, target: ChallengeFor): Promise<IssuedChallenge> {
  const now = deps.clock.now();
  const exp = new Date(now.getTime() + CERT_LOGIN.challengeTtlSeconds * 1000);
  const nonce = randomBytes(32).toString('base64url');
  const bound = target.purpose === 'login' ? { interaction: target.interaction } : { account: target.account };
  const challenge = JSON.stringify({
    type: 'yinxin-cert-challenge', version: 1, purpose: target.purpose, aud: new URL(deps.publicUrl).origin, ...bound,
    nonce, iat: now.toISOString(), exp: exp.toISOString(),
  });
  await deps.kv.set(challengeKey(nonce), JSON.stringify({ digest: challengeDigest(challenge), ...target }), CERT_LOGIN.challengeTtlSeconds);
  return { challenge, expiresAt: exp.toISOString() };
}
