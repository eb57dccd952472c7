// Rich authorization requests (RFC 9396) for licence use (用证): an app names the service item
// the holder is to consent to with `authorization_details=[{"type":"licence_use","identifier":
// ITEM,"standing_days"?:N}]`. The provider checks each detail at the authorization endpoint (the
// item exists and the app may use licences for it; otherwise invalid_authorization_details),
// always asks for consent when details are present (its rar_prompt check), and carries what the
// consent page granted (the detail with the consent's id, `consent_id`) into the code, the access
// token, the token response and introspection. The retrieval API takes the consent by that id.
import { errors } from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { LICENCE_USE_DETAIL_TYPE } from '../domain/licence-use.ts';

export interface LicenceUseHooks {
  /** Why the app may not ask for this detail, or null when it may. */
  refusal(clientId: string, detail: Record<string, unknown>): Promise<string | null>;
}

type Detail = Record<string, unknown> & { type: string };

/** The granted details of this request: those of the grant that answer the details asked for now. */
function grantedForRequest(ctx: KoaContextWithOIDC): Detail[] | undefined {
  const raw = ctx.oidc.params?.authorization_details;
  const asked = typeof raw === 'string' ? (JSON.parse(raw) as Detail[]) : [];
  const granted = (ctx.oidc.grant?.rar ?? []) as Detail[];
  // The grant keeps every detail granted in the session; the newest one per item answers this request.
  const answer = asked.map((a) => granted.findLast((g) => g.type === a.type && g.identifier === a.identifier)).filter((g): g is Detail => g !== undefined);
  return answer.length ? answer : undefined;
}

export function addLicenceUseDetails(configuration: Configuration, hooks: LicenceUseHooks): void {
  // Every app may name the type; whether it may use licences for the item named is the check
  // below, from the apps' licence-use permissions, not client metadata.
  configuration.clientDefaults = { ...configuration.clientDefaults, authorization_details_types: [LICENCE_USE_DETAIL_TYPE] };
  configuration.features = {
    ...configuration.features,
    richAuthorizationRequests: {
      enabled: true,
      types: {
        [LICENCE_USE_DETAIL_TYPE]: {
          async validate(ctx, detail) {
            const clientId = ctx.oidc.client?.clientId;
            const reason = clientId ? await hooks.refusal(clientId, detail as Record<string, unknown>) : 'no client';
            if (reason !== null) throw new errors.InvalidAuthorizationDetails(reason);
          },
        },
      },
      authorizationDetailsForGrantSource: async (ctx) => grantedForRequest(ctx),
      // Only what the code or refresh token carried; a client-credentials token carries none.
      authorizationDetailsForAccessToken: async (_ctx, _token, source) => (source as { rar?: Detail[] } | undefined)?.rar,
      authorizationDetailsForIntrospection: async (_ctx, token) => (token as { rar?: Detail[] }).rar,
    },
  };
}
