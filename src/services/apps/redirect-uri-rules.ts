// Which URIs an app may register for redirects after sign-in and logout, and for back-channel
// logout. A code or token sent to a URI goes to whoever answers there, so in production:
// - web apps: https only (the service's own origin excepted: its built-in pages live there);
// - native apps (RFC 8252): http only to a loopback IP literal, 127.0.0.1 or [::1], any port
//   (§7.3; `localhost` is refused, as §8.3 advises: a name can resolve elsewhere), claimed https
//   URIs (§7.2), or a private-use scheme in reverse-domain form such as `cn.gov.city.app:/cb` (§7.1);
// - back-channel logout: https only.
// Outside production, http to any host is allowed for development. Never, anywhere: script,
// data, file and similar schemes, fragments, or a user name or password in the URI. The rules
// agree with oidc-provider's own checks of client metadata (a URI it would refuse is refused here).
import { AppError } from '../../domain/errors.ts';

export type ApplicationType = 'web' | 'native';

export interface UriRules {
  production: boolean;
  /** The service's own origin (PUBLIC_URL's), where its built-in apps' pages are. */
  ownOrigin?: string | null;
}

/** What applies when the caller does not say: production's. */
export const PRODUCTION_URI_RULES: UriRules = { production: true, ownOrigin: null };

const NEVER = new Set(['javascript:', 'vbscript:', 'data:', 'blob:', 'file:', 'about:', 'filesystem:', 'view-source:']);
const LOOPBACK_IPS = new Set(['127.0.0.1', '[::1]']);
/** A private-use scheme named after a domain its owner holds, reversed (RFC 8252 §7.1). */
const REVERSE_DOMAIN_SCHEME = /^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+:$/;

/** ERR_VALIDATION naming the field (and index) as zod issues do. */
export function invalid(path: string | (string | number)[], why: string): AppError {
  const p = Array.isArray(path) ? path : [path];
  return new AppError('ERR_VALIDATION', `${p.join('.')}: ${why}`, { details: { issues: [{ path: p, message: why }] } });
}

function parse(uri: string, path: (string | number)[]): URL {
  const u = URL.parse(uri);
  if (!u) throw invalid(path, 'not an absolute URL');
  if (uri.includes('#')) throw invalid(path, 'no fragment allowed');
  if (NEVER.has(u.protocol)) throw invalid(path, `the ${u.protocol.slice(0, -1)} scheme is never allowed`);
  if (u.username || u.password) throw invalid(path, 'no user name or password allowed in the URI');
  return u;
}

/** Throws ERR_VALIDATION naming the field and index unless `uri` may receive redirects for such an app. */
export function checkRedirectUri(uri: string, path: (string | number)[], type: ApplicationType, rules: UriRules): void {
  const u = parse(uri, path);
  if (type === 'web') {
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw invalid(path, 'a web app redirects to http(s) URIs only; other schemes are for native apps');
    if (u.protocol === 'http:' && rules.production && u.origin !== rules.ownOrigin) throw invalid(path, 'must use https');
    return;
  }
  if (u.protocol === 'http:') {
    if (u.hostname === 'localhost') throw invalid(path, 'a native app redirects over http to 127.0.0.1 or [::1], not localhost');
    if (!LOOPBACK_IPS.has(u.hostname)) throw invalid(path, 'a native app redirects over http to a loopback address (127.0.0.1 or [::1]) only');
    return;
  }
  if (u.protocol === 'https:') {
    if (LOOPBACK_IPS.has(u.hostname) || u.hostname === 'localhost') throw invalid(path, 'a claimed https URI cannot be a loopback address');
    return;
  }
  if (!REVERSE_DOMAIN_SCHEME.test(u.protocol)) throw invalid(path, 'a private-use scheme must be a reversed domain name, like cn.gov.city.app');
}

/** Throws ERR_VALIDATION unless `uri` may receive back-channel logout tokens. */
export function checkBackchannelUri(uri: string, path: (string | number)[], rules: UriRules): void {
  const u = parse(uri, path);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw invalid(path, 'must be an http(s) URI');
  if (u.protocol === 'http:' && rules.production) throw invalid(path, 'must use https');
}

/** The host name a URI's pairwise sector defaults to: its host, or a private-use scheme read back as one. */
export function sectorHostOf(uri: string): string {
  const u = new URL(uri);
  if (u.hostname) return u.hostname.toLowerCase();
  return u.protocol.slice(0, -1).split('.').reverse().join('.').toLowerCase();
}
