// A choice of large text (`?large=1`) or language (`?lang=en`) made on a page that first sends the
// browser to sign in holds on the sign-in page and on the page the browser comes back to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/services/identity/create-account.ts';
import { UserAgent, csrfOf, formAction } from '../support/browserless.ts';
import { startOidcService } from '../support/oidc-service.ts';
import type { OidcTestService } from '../support/oidc-service.ts';

const PHONE = '13800000411';
const PASSWORD = 'Large-Text-0411';
const system = { id: 'system:test', kind: 'system' as const };
const bodyClass = (html: string) => /<body class="([^"]*)">/.exec(html)?.[1];
const htmlLang = (html: string) => /<html lang="([^"]*)">/.exec(html)?.[1];

describe('text size and language across the sign-in', () => {
  let svc: OidcTestService;

  beforeAll(async () => {
    svc = await startOidcService();
    await createAccount(svc.container.identity, { kind: 'citizen', name: '张三', idNumber: null, phone: PHONE, password: PASSWORD, assurance: 'L1' }, system);
  }, 60_000);

  afterAll(async () => {
    await svc?.stop();
  });

  /** The page a browser with no cookies lands on after opening `path`. */
  async function landing(path: string): Promise<{ ua: UserAgent; url: string; html: string }> {
    const ua = new UserAgent();
    const { res, url } = await ua.follow(`${svc.url}${path}`, 'about:');
    return { ua, url, html: await res.text() };
  }

  for (const path of ['/account', '/admin/staff', '/admin/audit', '/desk/licences']) {
    it(`keeps large text from ${path}?large=1 on the sign-in page`, async () => {
      const { url, html } = await landing(`${path}?large=1`);
      expect(new URL(url).pathname).toMatch(/^\/interaction\//);
      expect(html).toContain('name="password"');
      expect(bodyClass(html)).toBe('large');
    });
  }

  it('keeps large text back on the account page after signing in', async () => {
    const { ua, html } = await landing('/account?large=1');
    const signedIn = await ua.follow(new URL(formAction(html, '/login'), svc.url).href, 'about:', { form: { csrf: csrfOf(html), login: PHONE, password: PASSWORD } });
    // The callback's own page moves on to the account page by a refresh.
    const back = /http-equiv="refresh" content="0;url=([^"]+)"/.exec(await signedIn.res.text())?.[1];
    expect(back).toMatch(/^\/account/);
    const account = await ua.follow(new URL(back as string, svc.url).href, 'about:');
    const page = await account.res.text();
    expect(new URL(account.url).pathname).toBe('/account');
    expect(page).toContain('id="account-name"');
    expect(bodyClass(page)).toBe('large');
  });

  it('keeps normal text when nothing was chosen, and a language chosen by query', async () => {
    const plain = await landing('/account');
    expect(bodyClass(plain.html)).toBe('');
    const en = await landing('/admin/staff?lang=en');
    expect(new URL(en.url).pathname).toMatch(/^\/interaction\//);
    expect(htmlLang(en.html)).toBe('en');
    expect(bodyClass(en.html)).toBe('');
  });
});
