// A minimal user agent over fetch: keeps cookies per name, follows redirects by hand so a test
// can stop at the app's callback, and reads form tokens out of pages.

export class UserAgent {
  readonly cookies = new Map<string, string>();

  /** Request `url`, sending and storing cookies; never follows redirects. */
  async request(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    let body: string | undefined = init.body;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = (pair as string).indexOf('=');
      const name = (pair as string).slice(0, eq).trim();
      const value = (pair as string).slice(eq + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /**
   * Follow redirects from `url` until a page answers (2xx/4xx) or a redirect leaves for `stopAt`.
   * Returns the final response and its URL.
   */
  async follow(url: string, stopAt: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<{ res: Response; url: string }> {
    let res = await this.request(url, init);
    let current = url;
    for (let hops = 0; hops < 20 && res.status >= 300 && res.status < 400; hops++) {
      const next = new URL(res.headers.get('location') as string, current).toString();
      await res.arrayBuffer();
      if (next.startsWith(stopAt)) return { res, url: next };
      current = next;
      res = await this.request(current);
    }
    return { res, url: current };
  }
}

/** The value of the hidden `csrf` field of a page. */
export function csrfOf(html: string): string {
  const m = /name="csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF field on the page');
  return m[1] as string;
}

/** The action of the first form whose action contains `part`. */
export function formAction(html: string, part: string): string {
  const m = new RegExp(`action="([^"]*${part}[^"]*)"`).exec(html);
  if (!m) throw new Error(`no form posting to ${part}`);
  return (m[1] as string).replace(/&amp;/g, '&');
}
