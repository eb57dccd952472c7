// Token issue audited before the token is sent.
//
// oidc-provider announces an issued token with the synchronous `grant.success` event, after the
// token is stored and the response body is set but before anything is written to the client.
// The audit record's promise is kept for the request; a provider middleware waits for it once the
// token endpoint has run, so the response leaves only after the event is in the audit log. When
// the record cannot be written, the tokens just issued are destroyed and the client is told to
// try again (503 temporarily_unavailable): no token is handed out unaudited.
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';

const pending = new WeakMap<object, Promise<void>>();

/** Keep the audit record's promise of a token response (from the `grant.success` listener). */
export function holdTokenResponse(ctx: KoaContextWithOIDC, recorded: Promise<void>): void {
  // Settled by the middleware below; a rejection never goes unhandled meanwhile.
  recorded.catch(() => undefined);
  pending.set(ctx, recorded);
}

/** Make the provider wait for each token response's audit record before sending it. */
export function sendTokensOnceAudited(provider: Provider): void {
  provider.use(async (ctx, next) => {
    await next();
    const recorded = pending.get(ctx);
    if (!recorded) return;
    pending.delete(ctx);
    try {
      await recorded;
    } catch {
      const { entities } = (ctx as KoaContextWithOIDC).oidc;
      await Promise.allSettled([entities.AccessToken, entities.RefreshToken, entities.ClientCredentials].map((t) => t?.destroy()));
      ctx.status = 503;
      ctx.set('Retry-After', '1');
      ctx.body = { error: 'temporarily_unavailable', error_description: 'the token could not be recorded; try again' };
    }
  });
}
