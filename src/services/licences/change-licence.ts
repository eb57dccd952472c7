// Change or renew a licence (变更/延续): a new version linked to the previous one, which becomes
// superseded.
// Steps: a retry with the same idempotency key returns the version already made → load the
// previous version; it must be valid now → the new data (renewal without data keeps the previous
// data) → plan the new version under the same serial with the next version number and the same
// holder → SES signature → render and seal → store the new version and supersede the previous one
// in one transaction → audit (undone with the new version if the audit entry fails).
import { AppError } from '../../domain/errors.ts';
import { statusAt } from '../../domain/licence.ts';
import type { LicenceContent } from '../../domain/licence.ts';
import { invalidField, licenceBlobKeys, verificationUrl } from './licence-deps.ts';
import type { LicenceActor, LicenceDeps } from './licence-deps.ts';
import { planIssuance, renderAndSeal, signContent, storeIssuance } from './issuance-steps.ts';
import { requestDigest } from './issue-licence.ts';
import type { IssuedLicence } from './issue-licence.ts';

/** Input to {@link changeLicence}. */
export interface ChangeLicenceInput {
  readonly licenceId: string;
  readonly kind: 'change' | 'renew';
  /** The complete data of the new version; a renewal may leave it out to keep the previous data. */
  readonly data?: Readonly<Record<string, unknown>>;
  /** First day of the new version; default the issue day. */
  readonly validFrom?: string;
  readonly reason?: string;
  readonly idempotencyKey?: string;
}

export async function changeLicence(deps: LicenceDeps, input: ChangeLicenceInput, actor: LicenceActor): Promise<IssuedLicence> {
  const previous = await deps.store.findById(String(input?.licenceId ?? ''));
  if (previous === null) throw invalidField('licenceId', 'not_found', 'no such licence', 'ERR_NOT_FOUND');
  if (input.kind !== 'change' && input.kind !== 'renew') throw invalidField('kind', 'not_an_option', 'must be change or renew');
  if (input.kind === 'change' && input.data === undefined) throw invalidField('data', 'required', 'a change needs the new data');
  const reason = input.reason?.trim() || null;
  if (reason !== null && [...reason].length > 200) throw invalidField('reason', 'too_long', 'must be at most 200 characters');
  const key = input.idempotencyKey ?? null;
  if (key !== null && !/^[\x21-\x7e]{8,128}$/.test(key)) throw invalidField('idempotencyKey', 'bad_key', 'must be 8–128 printable ASCII characters');

  let data = input.data;
  if (data === undefined) {
    const blob = await deps.store.transaction((tx) => tx.blobs.get(licenceBlobKeys(previous.id).content));
    if (blob === null) throw new AppError('ERR_INTERNAL', 'the previous version\'s content is missing', { details: { licenceId: previous.id } });
    data = (JSON.parse(new TextDecoder().decode(blob.bytes)) as LicenceContent).data;
  }
  const request = {
    typeCode: previous.typeCode, issuer: { code: previous.issuerCode, name: previous.issuerName }, data,
    ...(input.validFrom === undefined ? {} : { validFrom: input.validFrom }),
  };
  const digest = requestDigest({ ...request, typeCode: `${request.typeCode}:${input.kind}:${previous.id}` });
  if (key !== null) {
    const existing = await deps.store.findByIdempotencyKey(previous.issuerCode, key);
    if (existing !== null) {
      if (existing.requestSm3 !== digest) throw invalidField('idempotencyKey', 'key_reused', 'this key was used for a different request', 'ERR_LICENCE_KEY_REUSED');
      return { licence: existing, verificationUrl: verificationUrl(deps.publicUrl, existing.handle), blobKeys: licenceBlobKeys(existing.id), replayed: true };
    }
  }

  const now = statusAt(previous, await deps.store.events(previous.id), deps.clock.now());
  if (previous.status !== 'valid' || !now.valid) {
    throw invalidField('licenceId', 'not_valid', `only a valid licence can be changed or renewed; this one is ${now.status}`, 'ERR_LICENCE_TRANSITION');
  }
  const plan = await planIssuance(deps, request, { previous: { record: previous, identifier: previous.identifier }, idempotencyKey: key, requestSm3: key === null ? null : digest, actor });
  const signature = await signContent(plan);
  const files = await renderAndSeal(deps, plan);
  if (!(await storeIssuance(deps, plan, { ...files, signature }, actor, { previous, kind: input.kind, reason }))) {
    const winner = await deps.store.findByIdempotencyKey(previous.issuerCode, key as string);
    if (winner === null || winner.requestSm3 !== digest) throw invalidField('idempotencyKey', 'key_reused', 'this key was used for a different request', 'ERR_LICENCE_KEY_REUSED');
    return { licence: winner, verificationUrl: verificationUrl(deps.publicUrl, winner.handle), blobKeys: licenceBlobKeys(winner.id), replayed: true };
  }

  const keys = licenceBlobKeys(plan.record.id);
  try {
    await deps.audit.append({
      actor: { id: actor.id, kind: actor.kind }, action: `licence.${input.kind}`, object: plan.record.identifier, outcome: 'success',
      details: { previous: previous.identifier, version: plan.record.version, reason, dataSm3: plan.record.dataSm3 },
    });
  } catch (e) {
    await deps.store.discard(plan.record.id, Object.values(keys));
    throw e;
  }
  return { licence: plan.record, verificationUrl: plan.url, blobKeys: keys, replayed: false };
}

