// An app's request, at sign-in, to use a holder's licences for a service item: the RFC 9396
// authorization details `{"type":"licence_use","identifier":ITEM,"standing_days"?:N}`.
// Steps: the item exists → the app holds the licence-use permission for it → the duration asked
// for is one retrieval (no standing_days) or a standing consent of 1 to 366 days → what the
// consent page shows: the item, its department and legal basis, and per licence type its name
// and the labels of the fields to be shared.
import { MAX_STANDING_DAYS } from '../../domain/licence-use.ts';
import type { ServiceItem } from '../../domain/licence-use.ts';
import type { LicenceUseDeps } from './licence-use-deps.ts';

export interface LicenceUseRequest {
  readonly item: ServiceItem;
  /** Null for a one-time consent. */
  readonly standingDays: number | null;
  /** What the holder is shown: per type, its name and the field labels. */
  readonly licences: readonly { readonly typeCode: string; readonly typeName: string; readonly fields: readonly string[] }[];
}

/** The request, or the reason it is refused (reported to the app as invalid_authorization_details). */
export async function readLicenceUseRequest(
  deps: { items: LicenceUseDeps['items']; licences: Pick<LicenceUseDeps['licences'], 'templates'> }, clientId: string, detail: Record<string, unknown>,
): Promise<LicenceUseRequest | { refused: string }> {
  const code = detail.identifier;
  if (typeof code !== 'string') return { refused: 'identifier must name the service item' };
  const standing = detail.standing_days;
  if (standing !== undefined && (typeof standing !== 'number' || !Number.isInteger(standing) || standing < 1 || standing > MAX_STANDING_DAYS)) {
    return { refused: `standing_days must be an integer from 1 to ${MAX_STANDING_DAYS}` };
  }
  const item = await deps.items.findItem(code);
  if (!item) return { refused: 'unknown service item' };
  if (!(await deps.items.findPermission(clientId, code))) return { refused: 'the app may not use licences for this service item' };
  const licences = item.licences.map((l) => {
    const def = deps.licences.templates.get(l.typeCode)?.definition;
    const labels = new Map((def?.fields ?? []).map((f) => [f.name, f.label]));
    return { typeCode: l.typeCode, typeName: def?.name ?? l.typeCode, fields: l.fields.map((f) => labels.get(f) ?? f) };
  });
  return { item, standingDays: standing ?? null, licences };
}
