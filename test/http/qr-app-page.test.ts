// What the city app's scan page (/app/scan) tells a person before and after signing in: that one
// scan signs them in on a computer or gives a service window the licences it asked for, and that
// nothing happens until they confirm. Both kinds of code are then told apart by the page's script.
import { describe, expect, it } from 'vitest';
import type { PageOptions } from '../../src/http/views/html.ts';
import { messages } from '../../src/http/views/i18n.ts';
import type { Lang } from '../../src/http/views/i18n.ts';
import { qrAppPage } from '../../src/http/views/qr-app-page.ts';
import { qrMessages } from '../../src/http/views/qr-login-i18n.ts';

const cfg = { clientId: 'c', authorizationEndpoint: '/oidc/auth', tokenEndpoint: '/oidc/token', redirectUri: '/app/scan', resource: '/api', scope: 'openid qr_login' };

function render(lang: Lang): { intro: string; hint: string } {
  const o: PageOptions = { lang, t: messages(lang), large: false, title: 'x', here: '/app/scan' };
  const html = qrAppPage(o, qrMessages(lang), cfg);
  return {
    intro: /<section id="signed-out" hidden><p>([^<]*)<\/p>/.exec(html)?.[1] ?? '',
    hint: /<p id="scan-hint">([^<]*)<\/p>/.exec(html)?.[1] ?? '',
  };
}

describe('city app scan page words', () => {
  it('names both uses of a scan in Chinese', () => {
    const { intro, hint } = render('zh');
    expect(intro).toContain('扫描电脑登录页上的二维码，在电脑上登录');
    expect(intro).toContain('扫描办事窗口出示的二维码，把办事需要的证照提供给窗口');
    expect(intro).toContain('由您确认或拒绝');
    expect(intro).toContain('实名核验');
    expect(hint).toContain('可登录电脑');
    expect(hint).toContain('可向窗口提供证照');
    expect(hint).toContain('您确认之前，不会登录，也不会提供任何证照');
  });

  it('names both uses of a scan in English', () => {
    const { intro, hint } = render('en');
    expect(intro).toContain('to sign in on that computer');
    expect(intro).toContain('to give the window the licences it needs');
    expect(intro).toContain('you confirm or refuse');
    expect(intro).toContain('real-name check');
    expect(hint).toContain('to sign in there');
    expect(hint).toContain('a service window shows you to give it your licences');
    expect(hint).toContain('Nothing is signed in or given until you confirm');
  });
});
