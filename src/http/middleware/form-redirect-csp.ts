// `form-action 'self'` stops forms posting elsewhere, but Chromium applies it to every redirect
// that follows a form post too. Sign-in, consent and logout forms end in a redirect to the app
// (its redirect URI or post-logout URI), so those pages allow that one origin as a form target,
// and no other.

/** The CSP with `origin` added to form-action; unchanged when `uri` is not an http(s) URL. */
export function withFormTarget(csp: string, uri: unknown): string {
  if (typeof uri !== 'string') return csp;
  let origin: string;
  try {
    const u = new URL(uri);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return csp;
    origin = u.origin;
  } catch {
    return csp;
  }
  return csp.replace(/form-action ([^;]*)/, (_m, sources: string) => `form-action ${sources} ${origin}`);
}

/** Set on a response (express or node) whose page has a form that ends at `uri`. */
export function allowFormTarget(res: { getHeader(name: string): unknown; setHeader(name: string, value: string): unknown }, uri: unknown): void {
  const csp = res.getHeader('Content-Security-Policy');
  if (typeof csp === 'string') res.setHeader('Content-Security-Policy', withFormTarget(csp, uri));
}
