// Show a licence (亮证): the holder shares one licence with the fields they choose, for a purpose
// and a while.
// Steps: the licence must be the holder's and valid now → check the fields (known, not images),
// the purpose and the lifetime (1 minute to 7 days; 5 minutes by default, for an on-screen QR
// code) → a code with its check character and a link token (only its SM3 is kept) → store,
// drawing a new code if it is taken → audit → the code, the link and the expiry, shown once.
import { sm3 } from '../../crypto/sm3.ts';
import { AppError } from '../../domain/errors.ts';
import { SHARE_LIFETIME, shareableFields, shareCodeFromRandom } from '../../domain/licence-share.ts';
import type { LicenceShare } from '../../domain/licence-share.ts';
import { statusAt } from '../../domain/licence.ts';
import { fieldError, invalidField, shareUrl } from './licence-deps.ts';
import type { FieldIssue, LicenceDeps } from './licence-deps.ts';
import type { LicenceHolderActor } from './authorize-licence-holder.ts';
import { holdersLicence } from './read-holder-licence.ts';

/** Input to {@link createLicenceShare}. */
export interface CreateShareInput {
  readonly licenceId: string;
  /** Field names to show in full. */
  readonly fields: readonly string[];
  readonly purpose: string;
  readonly lifetimeSeconds?: number;
  readonly singleUse?: boolean;
}

export interface CreatedShare {
  readonly share: LicenceShare;
  /** The link holding the token; shown once. */
  readonly url: string;
}

const ATTEMPTS = 5;

export async function createLicenceShare(deps: LicenceDeps, holder: LicenceHolderActor, input: CreateShareInput): Promise<CreatedShare> {
  const licence = await holdersLicence(deps, holder, String(input?.licenceId ?? ''));
  const now = deps.clock.now();
  const status = statusAt(licence, await deps.store.events(licence.id), now);
  if (!status.valid) throw invalidField('licenceId', 'not_valid', `only a valid licence can be shown; this one is ${status.status}`, 'ERR_LICENCE_TRANSITION');

  const template = deps.templates.get(licence.typeCode);
  if (template === null) throw new AppError('ERR_INTERNAL', 'the licence\'s template is not served', { details: { typeCode: licence.typeCode } });
  const allowed = new Set(shareableFields(template.definition));
  const issues: FieldIssue[] = [];
  const fields = [...new Set(Array.isArray(input.fields) ? input.fields : [])];
  fields.forEach((f, i) => {
    if (!allowed.has(f)) issues.push({ path: ['fields', String(i)], code: 'unknown_field', message: 'not a field of this licence that can be shown' });
  });
  const purpose = String(input.purpose ?? '').trim();
  if (purpose === '' || [...purpose].length > 100) issues.push({ path: ['purpose'], code: purpose === '' ? 'required' : 'too_long', message: 'a purpose of at most 100 characters is required' });
  const lifetime = input.lifetimeSeconds ?? SHARE_LIFETIME.defaultSeconds;
  if (!Number.isInteger(lifetime) || lifetime < SHARE_LIFETIME.minSeconds || lifetime > SHARE_LIFETIME.maxSeconds) {
    issues.push({ path: ['lifetimeSeconds'], code: 'out_of_range', message: `must be whole seconds from ${SHARE_LIFETIME.minSeconds} to ${SHARE_LIFETIME.maxSeconds}` });
  }
  if (issues.length > 0) throw fieldError(issues);

  const token = Buffer.from(deps.random(32)).toString('base64url');
  const base = {
    id: `shr_${Buffer.from(deps.random(16)).toString('base64url')}`,
    tokenSm3: Buffer.from(sm3(Buffer.from(token, 'utf8'))).toString('hex'),
    licenceId: licence.id, holderKey: licence.holderKey, createdBy: holder.accountId, fields, purpose,
    singleUse: input.singleUse === true, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + lifetime * 1000).toISOString(),
    revokedAt: null, usedAt: null,
  };
  let share: LicenceShare | null = null;
  for (let i = 0; i < ATTEMPTS && share === null; i++) {
    const candidate: LicenceShare = { ...base, code: shareCodeFromRandom(deps.random(7)) };
    if (await deps.shares.create(candidate)) share = candidate;
  }
  if (share === null) throw new AppError('ERR_INTERNAL', 'no free share code was found');
  await deps.audit.append({
    actor: { id: holder.accountId, kind: holder.kind }, action: 'licence.share', object: licence.identifier, outcome: 'success',
    details: { shareId: share.id, fields, purpose, expiresAt: share.expiresAt, singleUse: share.singleUse },
  });
  return { share, url: shareUrl(deps.publicUrl, token) };
}
