// Import another yinxin deployment's trust list (another city's), so that its licences verify
// here (trusted) or are at least told apart from unknown ones (known only).
// Steps: read the list and check its signature and chain to its own root (ERR_TRUST_LIST_INVALID)
// → it must not be this platform's own list → the root's SM3 must be the one the operator pinned,
// obtained from the other platform out of band → a list already held from the same publisher is
// replaced only by a newer one (an older list would bring back old statuses), or to change trust
// → store → audit, naming the publisher, the root and whether it is trusted.
import { AppError } from '../../domain/errors.ts';
import type { Clock } from '../../ports/clock.ts';
import type { ImportedTrustLists } from '../../ports/imported-trust-lists.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { readTrustList, rootFingerprint } from './verify-offline.ts';

export interface TrustImportDeps {
  lists: ImportedTrustLists;
  audit: AuditLog;
  clock: Clock;
  /** This platform's public URL: its own list is never imported. */
  publicUrl: string;
}

const refuse = (reason: string, message: string) => new AppError('ERR_TRUST_LIST_INVALID', message, { details: { reason } });
const origin = (url: string) => url.replace(/\/+$/, '').toLowerCase();

export async function importTrustList(
  deps: TrustImportDeps,
  text: string,
  opts: { rootSm3: string; trusted: boolean },
  actor: { id: string; kind: 'system' | 'staff' },
): Promise<{ publisherUrl: string; organisation: string; licences: number; replaced: boolean }> {
  const now = deps.clock.now();
  const signed = readTrustList(text, now);
  const list = signed.list;
  if (origin(list.publisher.url) === origin(deps.publicUrl)) throw refuse('own_list', 'this platform\'s own trust list is not imported');
  const root = rootFingerprint(list);
  if (root !== opts.rootSm3.trim().toLowerCase()) throw refuse('root_mismatch', `the list's root (SM3 ${root}) is not the pinned one`);
  const held = await deps.lists.find(list.publisher.url);
  if (held !== null && Date.parse(list.issuedAt) < Date.parse(held.issuedAt)) throw refuse('older_than_held', `a newer list of this publisher (${held.issuedAt}) is held`);
  if (held !== null && list.issuedAt === held.issuedAt && held.trusted === opts.trusted && held.rootSm3 === root) {
    return { publisherUrl: held.publisherUrl, organisation: held.organisation, licences: Object.keys(list.licences).length, replaced: false };
  }
  await deps.lists.save({
    publisherUrl: list.publisher.url, organisation: list.publisher.organisation, rootSm3: root, trusted: opts.trusted,
    issuedAt: list.issuedAt, importedAt: now.toISOString(), signed,
  });
  await deps.audit.append({
    actor, action: 'trust.import', object: list.publisher.url, outcome: 'success',
    details: { organisation: list.publisher.organisation, rootSm3: root, trusted: opts.trusted, issuedAt: list.issuedAt, licences: Object.keys(list.licences).length, rootChanged: held !== null && held.rootSm3 !== root },
  });
  return { publisherUrl: list.publisher.url, organisation: list.publisher.organisation, licences: Object.keys(list.licences).length, replaced: held !== null };
}
