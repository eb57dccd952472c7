// Issue an electronic licence.
// Steps: a retry with the same idempotency key returns the licence already issued (a different
// request under that key is a conflict) → check the request against the template and decide the
// licence (identifier, handle, canonical content) → SES signature over the content's SM3 with the
// issuer's licence seal → render the PDF and the OFD and seal both with the same seal → store the licence,
// its history, PDF, OFD, signature and content in one transaction (if a concurrent retry stored first,
// drop ours and return theirs) → audit; if the audit entry cannot be written, the licence is
// removed again, so that no licence exists without its audit entry.
import { canonicalJson } from '../../domain/canonical-json.ts';
import { sm3 } from '../../crypto/sm3.ts';
import { AppError } from '../../domain/errors.ts';
import type { LicenceRecord } from '../../domain/licence.ts';
import { invalidField, licenceBlobKeys, verificationUrl } from './licence-deps.ts';
import type { LicenceActor, LicenceDeps } from './licence-deps.ts';
import { planIssuance, renderAndSeal, signContent, storeIssuance } from './issuance-steps.ts';
import type { LicenceRequest } from './issuance-steps.ts';

/** Input to {@link issueLicence}. */
export interface IssueLicenceInput extends LicenceRequest {
  /** The caller's key for this request: retrying with it never issues twice. */
  readonly idempotencyKey?: string;
}

/** An issued licence. */
export interface IssuedLicence {
  readonly licence: LicenceRecord;
  readonly verificationUrl: string;
  readonly blobKeys: { readonly pdf: string; readonly ofd: string; readonly signature: string; readonly content: string };
  /** True when this call returned a licence issued by an earlier call with the same key. */
  readonly replayed: boolean;
}

const KEY = /^[\x21-\x7e]{8,128}$/;

/** SM3 of the request as given, to tell a retry from a different request under the same key. */
export function requestDigest(input: LicenceRequest): string {
  const body = { typeCode: input.typeCode, issuer: input.issuer, data: input.data, validFrom: input.validFrom ?? null };
  return Buffer.from(sm3(new TextEncoder().encode(canonicalJson(body)))).toString('hex');
}

function replay(deps: LicenceDeps, existing: LicenceRecord, digest: string): IssuedLicence {
  if (existing.requestSm3 !== digest) throw invalidField('idempotencyKey', 'key_reused', 'this key was used for a different request', 'ERR_LICENCE_KEY_REUSED');
  return { licence: existing, verificationUrl: verificationUrl(deps.publicUrl, existing.handle), blobKeys: licenceBlobKeys(existing.id), replayed: true };
}

export async function issueLicence(deps: LicenceDeps, input: IssueLicenceInput, actor: LicenceActor): Promise<IssuedLicence> {
  const key = input.idempotencyKey ?? null;
  if (key !== null && !KEY.test(key)) throw invalidField('idempotencyKey', 'bad_key', 'must be 8–128 printable ASCII characters');
  const digest = requestDigest(input);
  const issuerCode = String(input.issuer?.code ?? '').trim().toUpperCase();
  if (key !== null) {
    const existing = await deps.store.findByIdempotencyKey(issuerCode, key);
    if (existing !== null) return replay(deps, existing, digest);
  }

  const plan = await planIssuance(deps, input, { idempotencyKey: key, requestSm3: key === null ? null : digest, actor });
  const signature = await signContent(plan);
  const files = await renderAndSeal(deps, plan);
  if (!(await storeIssuance(deps, plan, { ...files, signature }, actor))) {
    const winner = await deps.store.findByIdempotencyKey(plan.record.issuerCode, key as string);
    if (winner === null) throw new AppError('ERR_INTERNAL', 'an issuance with this key was reported but cannot be read');
    return replay(deps, winner, digest);
  }

  const keys = licenceBlobKeys(plan.record.id);
  try {
    await deps.audit.append({
      actor: { id: actor.id, kind: actor.kind }, action: 'licence.issue', object: plan.record.identifier, outcome: 'success',
      details: { typeCode: plan.record.typeCode, issuerCode: plan.record.issuerCode, version: plan.record.version, dataSm3: plan.record.dataSm3 },
    });
  } catch (e) {
    await deps.store.discard(plan.record.id, Object.values(keys));
    throw e;
  }
  return { licence: plan.record, verificationUrl: plan.url, blobKeys: keys, replayed: false };
}
