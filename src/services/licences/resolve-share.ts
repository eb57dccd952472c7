// Resolve a share (亮证) for a verifier: from its typed 8-character code or its link token to the
// licence version and the fields the holder chose to show.
// Steps: tell a code (8 characters with a check character; spaces, dashes and case ignored) from
// a link token (43 base64url characters) and an on-screen QR token (32, short-lived:
// refresh-share-qr.ts) → find the share → it must not be revoked, expired or
// (single use) spent, else ERR_LICENCE_SHARE_EXPIRED naming why → its licence version and signed
// data → record the look in the share's access log (the first look spends a single-use share;
// a second racing look gets SHARE_EXPIRED) → the chosen fields in full, the rest masked.
// It fails closed: a store that cannot answer throws, and nothing is shown.
// The licence's status is not judged here: the verifier reports it beside the share.
import { sm3 } from '../../crypto/sm3.ts';
import { AppError } from '../../domain/errors.ts';
import { isValidShareCode, maskClientIp, normalizeShareCode, shareDisclosure, shareUnusable } from '../../domain/licence-share.ts';
import type { LicenceShare, SharedField } from '../../domain/licence-share.ts';
import type { LicenceRecord } from '../../domain/licence.ts';
import { invalidField, readLicenceContent } from './licence-deps.ts';
import type { LicenceDeps } from './licence-deps.ts';

/** Who is looking: anyone with the code or link, or a registered verifier system. */
export interface ShareVerifier {
  readonly kind: 'public' | 'app';
  /** The registered verifier's client id, when `app`. */
  readonly name?: string | null;
  readonly clientIp?: string | null;
}

export interface ResolvedShare {
  readonly share: { readonly id: string; readonly code: string; readonly purpose: string; readonly expiresAt: string; readonly singleUse: boolean; readonly fields: readonly string[] };
  /** The shared version (its status and signature are for the verifier to check). */
  readonly licence: LicenceRecord;
  readonly typeName: string;
  /** Every shown field: the chosen ones in full (`masked: false`), the rest masked. */
  readonly fields: readonly SharedField[];
  /** The holder's name, in full only when the holder chose to show it. */
  readonly holderName: string;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const QR_TOKEN = /^[A-Za-z0-9_-]{32}$/;
const digest = (token: string) => Buffer.from(sm3(Buffer.from(token, 'utf8'))).toString('hex');

async function findShare(deps: Pick<LicenceDeps, 'shares' | 'clock'>, ref: string): Promise<LicenceShare | null> {
  const trimmed = ref.trim();
  if (TOKEN.test(trimmed)) return deps.shares.findByTokenSm3(digest(trimmed));
  if (QR_TOKEN.test(trimmed)) return deps.shares.findByQrTokenSm3(digest(trimmed), deps.clock.now().toISOString());
  const code = normalizeShareCode(trimmed);
  if (code.length !== 8) throw invalidField('code', 'bad_format', 'a share code has 8 characters (a share link token 43, a QR token 32)');
  if (!isValidShareCode(code)) throw invalidField('code', 'check_character', 'the code is mistyped: its check character does not match');
  return deps.shares.findByCode(code);
}

function expired(share: LicenceShare, why: string): AppError {
  return new AppError('ERR_LICENCE_SHARE_EXPIRED', `the share is ${why}`, {
    details: { shareId: share.id, issues: [{ path: ['code'], code: `share_${why}`, message: `the holder's share is ${why}` }] },
  });
}

export async function resolveShare(deps: LicenceDeps, codeOrToken: string, verifier: ShareVerifier = { kind: 'public' }): Promise<ResolvedShare> {
  if (typeof codeOrToken !== 'string' || codeOrToken.length > 200) throw invalidField('code', 'bad_format', 'a share code or link token is required');
  const share = await findShare(deps, codeOrToken);
  if (share === null) throw invalidField('code', 'not_found', 'no such share', 'ERR_NOT_FOUND');
  const now = deps.clock.now();
  const why = shareUnusable(share, now);
  if (why !== null) throw expired(share, why);

  const licence = await deps.store.findById(share.licenceId);
  const template = licence === null ? null : deps.templates.get(licence.typeCode);
  if (licence === null || template === null) throw new AppError('ERR_INTERNAL', 'a share\'s licence or template is missing', { details: { shareId: share.id } });
  const content = await readLicenceContent(deps.store, licence.id);

  const recorded = await deps.shares.recordAccess(share, {
    shareId: share.id, at: now.toISOString(), verifierKind: verifier.kind, verifier: verifier.name ?? null, clientIpMasked: maskClientIp(verifier.clientIp ?? null),
  });
  if (!recorded) throw expired(share, 'used');

  const def = template.definition;
  const fields = shareDisclosure(def, content.data, share.fields);
  const holderName = share.fields.includes(def.holder.nameField) ? content.holder.name : licence.holderNameMasked;
  return {
    share: { id: share.id, code: share.code, purpose: share.purpose, expiresAt: share.expiresAt, singleUse: share.singleUse, fields: share.fields },
    licence, typeName: def.name, fields, holderName,
  };
}
