// What the sign-in pages say in words: a stronger sign-in asked for by an app (never its acr
// code), and the error and unmet pages' reference for the help desk.
import { describe, expect, it } from 'vitest';
import { acrRequirements } from '../../src/domain/assurance.ts';
import { shortRef } from '../../src/http/views/html.ts';
import type { PageOptions } from '../../src/http/views/html.ts';
import { messages } from '../../src/http/views/i18n.ts';
import type { Lang } from '../../src/http/views/i18n.ts';
import { errorPage, loginPage } from '../../src/http/views/pages.ts';
import type { LoginView } from '../../src/http/views/pages.ts';
import { unmetPage } from '../../src/http/views/unmet-page.ts';

function opts(lang: Lang, ref?: string): PageOptions {
  return { lang, t: messages(lang), large: false, title: 'x', here: '/interaction/abc', ref };
}

function login(lang: Lang, acrValues: string): string {
  const wanted = [...new Set(acrRequirements({ acr_values: acrValues }).flat())];
  return loginPage(opts(lang), { ...baseView(), stepUp: wanted });
}

const notice = (html: string) => /<p class="notice" role="status" id="step-up">([^<]*)<\/p>/.exec(html)?.[1] ?? '';

describe('step-up wording', () => {
  it('asks for a one-time password in words, never showing the acr code', () => {
    expect(notice(login('zh', 'L1-mfa'))).toContain('需要一次性密码（动态口令）验证');
    expect(notice(login('en', 'L1-mfa'))).toContain('confirm with a one-time password');
    for (const lang of ['zh', 'en'] as const) expect(notice(login(lang, 'L1-mfa'))).not.toMatch(/L1|mfa/);
  });

  it('words legacy values (otp L3 L4) as alternatives, each once', () => {
    const zh = notice(login('zh', 'otp L3 L4'));
    expect(zh).toBe('该应用需要更高的认证等级，请重新验证身份：需要一次性密码（动态口令）验证，或需要使用数字证书登录。');
    const en = notice(login('en', 'otp L3 L4'));
    expect(en).toBe('This app asks you to confirm who you are again: confirm with a one-time password, or sign in with a digital certificate.');
    expect(en + zh).not.toMatch(/otp|L3|L4/);
  });

  it('offers the real-name check only when that is what the app asks for', () => {
    const v = (acr: string) => loginPage(opts('zh'), { ...baseView(), stepUp: [...new Set(acrRequirements({ acr_values: acr }).flat())], realNameHref: '/rn' });
    expect(v('L2')).toContain('id="real-name-link"');
    expect(v('L1-mfa')).not.toContain('id="real-name-link"');
  });
});

function baseView(): LoginView {
  return {
    action: '/a', smsAction: '/s', sendCodeAction: '/c', csrf: 'c', tab: 'password',
    cert: { challengeAction: '/cc', action: '/ca', middleware: 'http://127.0.0.1:1' },
    appName: 'App', loginHint: '', phone: '', error: null, notice: null, stepUp: null,
    qr: { issueAction: '/q', statusAction: '/qs', completeAction: '/qc' },
  };
}

describe('error references', () => {
  it('shortens a minted request id to its first block and keeps a gateway id whole', () => {
    expect(shortRef('3f2a9c1b-0d4e-4f00-8a11-123456789abc')).toBe('3f2a9c1b');
    expect(shortRef('gw-42')).toBe('gw-42');
    expect(shortRef(undefined)).toBeUndefined();
  });

  it('says what happened and what to do on the error page, with the reference', () => {
    const html = errorPage(opts('en', 'cb119952'), 'csrf');
    expect(html).toContain('already sent from another window');
    expect(html).toContain('Go back to the app and sign in again');
    expect(html).toMatch(/id="error-ref">Reference: <code class="nowrap">cb119952<\/code>/);
    expect(errorPage(opts('zh'), 'server_error')).not.toContain('error-ref');
  });

  it('shows the reference and a next step on the unmet page', () => {
    const html = unmetPage(opts('zh', 'ab12cd34'), 'zh', { reason: 'certificate_required', appName: 'App', action: '/u', csrf: 'c' });
    expect(html).toContain('id="unmet-next"');
    expect(html).toMatch(/参考编号: <code class="nowrap">ab12cd34<\/code>/);
  });
});
