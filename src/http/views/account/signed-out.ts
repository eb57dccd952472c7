// The page after signing out from the account pages.
import { esc, page } from '../html.ts';
import type { PageOptions } from '../html.ts';

const zh = { heading: '已退出登录', body: '您已退出登录，本设备上通过统一身份认证登录的应用也已收到退出通知。', again: '重新登录', home: '返回首页' };
const en: typeof zh = { heading: 'Signed out', body: 'You are signed out; the apps you signed in to on this device were told.', again: 'Sign in again', home: 'Back to the home page' };

export function signedOutPage(o: PageOptions): string {
  const t = o.lang === 'en' ? en : zh;
  return page({ ...o, title: t.heading }, `<h1 id="signed-out">${esc(t.heading)}</h1>
<p class="notice" role="status">${esc(t.body)}</p>
<p><a href="/account">${esc(t.again)}</a> · <a href="/">${esc(t.home)}</a></p>`);
}
