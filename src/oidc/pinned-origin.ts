// The provider builds every URL it hands out (discovery, redirects to the sign-in pages, the
// resume and logout URLs) from the request's protocol and host. Both are pinned to the public URL
// the deployment is configured with, so that a request's Host or X-Forwarded-* headers can never
// make it publish or redirect to another origin. Only the client IP still follows `trust proxy`.
import type Provider from 'oidc-provider';

export function pinOrigin(provider: Provider, publicUrl: string): void {
  const url = new URL(publicUrl);
  const protocol = url.protocol.slice(0, -1);
  // Koa's request getters read headers; these own properties of the provider's request prototype
  // shadow them for every request the provider handles (including the interaction helpers).
  Object.defineProperties(provider.request, {
    protocol: { get: () => protocol, configurable: true },
    host: { get: () => url.host, configurable: true },
  });
}
