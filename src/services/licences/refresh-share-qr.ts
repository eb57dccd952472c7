// A fresh token for a share's on-screen QR code (亮证 on the holder's screen): the page asks for a
// new one every minute, each valid for QR_TOKEN_SECONDS, so a photo of the screen is soon
// worthless; the share's typed code and link stay as created.
// Steps: the share must be on one of the holder's licences (else "not found") and still usable
// (else SHARE_EXPIRED naming why) → 24 random bytes → keep only their SM3, expiring with the token
// or the share, whichever is first → the verification URL and when it stops working.
// Not audited: a token shows nothing by itself, while the share's creation and every look through
// any of its tokens are.
import { sm3 } from '../../crypto/sm3.ts';
import { AppError } from '../../domain/errors.ts';
import { shareUnusable } from '../../domain/licence-share.ts';
import { invalidField, shareUrl } from './licence-deps.ts';
import type { LicenceDeps } from './licence-deps.ts';
import type { LicenceHolderActor } from './authorize-licence-holder.ts';

/** How long one QR token works (the page refreshes every 60 s; the rest is for a slow scan). */
export const QR_TOKEN_SECONDS = 90;

export async function refreshShareQr(deps: LicenceDeps, holder: LicenceHolderActor, shareId: string): Promise<{ url: string; expiresAt: string }> {
  const share = await deps.shares.findById(shareId);
  if (share === null || !holder.holderKeys.includes(share.holderKey)) throw invalidField('shareId', 'not_found', 'no such share of yours', 'ERR_NOT_FOUND');
  const now = deps.clock.now();
  const why = shareUnusable(share, now);
  if (why !== null) {
    throw new AppError('ERR_LICENCE_SHARE_EXPIRED', `the share is ${why}`, { details: { shareId, issues: [{ path: ['shareId'], code: `share_${why}`, message: `the share is ${why}` }] } });
  }
  const token = Buffer.from(deps.random(24)).toString('base64url');
  const expiresAt = new Date(Math.min(now.getTime() + QR_TOKEN_SECONDS * 1000, Date.parse(share.expiresAt))).toISOString();
  await deps.shares.addQrToken(share.id, Buffer.from(sm3(Buffer.from(token, 'utf8'))).toString('hex'), expiresAt, now.toISOString());
  return { url: shareUrl(deps.publicUrl, token), expiresAt };
}
