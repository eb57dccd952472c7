// Apply for a seal (制章申请): the first of the two people the two-person rule needs.
// Steps: the applicant is active staff with the seal_keeper role → the owner exists (a department
// of the tree, which must be the applicant's own; or a legal person's account) → kind rules (one
// live official seal per owner; a name seal names its person, by default the legal
// representative) → the uploaded image, if any, passes the checks → store the pending seal with
// its first event → audit.
import { AppError } from '../../domain/errors.ts';
import { SEAL_KIND_INFO, isSealKind, sealName, sealSizeMm } from '../../domain/seal.ts';
import type { Seal, SealKind, SealOwner, SealOwnerKind } from '../../domain/seal.ts';
import { checkSealPng } from './seal-image.ts';
import { actingAccount, auditActor, hasRole, invalid, newId, refuse, requestFacts } from './seal-deps.ts';
import type { SealActor, SealDeps } from './seal-deps.ts';

export interface SealApplication {
  kind: SealKind;
  owner: { kind: SealOwnerKind; id: string };
  /** Name seals only: whose name; defaults to a legal person's representative. */
  personName?: string | null;
  /** Whole years, 1–10; default 5. Capped on approval by the seal maker's own validity. */
  validityYears?: number;
  /** An uploaded PNG to use instead of a generated image. */
  image?: Uint8Array | null;
}

async function resolveOwner(deps: Pick<SealDeps, 'accounts'>, owner: SealApplication['owner']): Promise<SealOwner> {
  if (owner?.kind === 'department') {
    const d = (await deps.accounts.departments()).find((x) => x.id === owner.id);
    if (d === undefined) invalid('owner', 'no such department');
    return { kind: 'department', id: d.id, name: d.name };
  }
  if (owner?.kind === 'legal_person') {
    const a = await deps.accounts.findById(owner.id);
    if (a?.kind !== 'legal_person' || a.status !== 'active') invalid('owner', 'no such legal person');
    return { kind: 'legal_person', id: a.id, name: a.name };
  }
  return invalid('owner', 'must be a department or a legal person');
}

async function personNameFor(deps: Pick<SealDeps, 'accounts'>, input: SealApplication, owner: SealOwner): Promise<string | null> {
  if (input.kind !== 'legal_representative') return null;
  let name = input.personName?.trim() ?? '';
  if (name === '' && owner.kind === 'legal_person') {
    const company = await deps.accounts.findById(owner.id);
    const rep = company?.legalPerson ? await deps.accounts.findById(company.legalPerson.representativeId) : null;
    name = rep?.name ?? '';
  }
  if (name === '' || [...name].length > 16) invalid('personName', 'a name seal needs the person\'s name (1–16 characters)');
  return name;
}

export async function applyForSeal(
  deps: Pick<SealDeps, 'seals' | 'accounts' | 'audit' | 'clock' | 'settings'>,
  input: SealApplication,
  actor: SealActor,
): Promise<Seal> {
  const applicant = await actingAccount(deps, actor);
  if (!hasRole(applicant, 'seal_keeper')) refuse('ERR_FORBIDDEN', 'only a seal keeper may apply for a seal', { accountId: applicant.id });
  if (!isSealKind(input?.kind)) invalid('kind', `must be one of ${Object.keys(SEAL_KIND_INFO).join(', ')}`);
  const owner = await resolveOwner(deps, input.owner);
  // A department's seal keeper applies for that department; legal persons apply at the counter.
  if (owner.kind === 'department' && applicant.staff?.departmentId !== owner.id) {
    refuse('ERR_SEAL_OTHER_ORGANISATION', 'a seal keeper applies only for their own department', { accountId: applicant.id, owner: owner.id });
  }
  const years = input.validityYears ?? 5;
  if (!Number.isInteger(years) || years < 1 || years > 10) invalid('validityYears', 'must be a whole number of years, 1–10');
  if (input.kind === 'official') {
    const live = await deps.seals.list({ ownerKind: owner.kind, ownerId: owner.id, statuses: ['pending', 'active', 'suspended'] });
    if (live.some((s) => s.kind === 'official')) {
      throw new AppError('ERR_CONFLICT', 'the owner already has an official seal', { details: { owner: owner.id, reason: 'ERR_SEAL_DUPLICATE_OFFICIAL' } });
    }
  }
  const personName = await personNameFor(deps, input, owner);
  const image = input.image ?? null;
  if (image !== null) checkSealPng(image, deps.settings.maxImageBytes);

  const now = deps.clock.now().toISOString();
  const size = sealSizeMm(input.kind, owner.kind);
  const seal: Seal = {
    id: newId('seal'), code: null, kind: input.kind, name: sealName(input.kind, owner.name, personName), owner, personName,
    status: 'pending', validityYears: years, validStart: null, validEnd: null, applicantId: applicant.id, approverId: null,
    keyId: null, certificateSerial: null, certificate: null, sesSeal: null,
    image: image === null ? null : Uint8Array.from(image), imageSource: image === null ? null : 'uploaded',
    widthMm: size.width, heightMm: size.height, createdAt: now, updatedAt: now, version: 1,
  };
  await deps.seals.create(seal, {
    sealId: seal.id, seq: 1, at: now, from: null, to: 'pending', actorId: applicant.id, reason: 'application', revocationReason: null,
  });
  await deps.audit.append({
    actor: auditActor(applicant), action: 'seal.apply', object: seal.id, outcome: 'success', ...requestFacts(actor),
    details: { kind: seal.kind, ownerKind: owner.kind, ownerId: owner.id, imageSource: seal.imageSource ?? 'generated', validityYears: years },
  });
  return seal;
}
