// The apps section of the account pages (/account/apps): the apps the person allowed to sign
// them in, what each may read and since when; withdrawing consent signs the app out and takes
// back its tokens. yinxin's own pages are listed but not withdrawn (signing out ends them).
import { esc } from '../html.ts';
import type { PageOptions } from '../html.ts';
import type { OwnConsent } from '../../../services/identity/list-consented-apps.ts';
import { csrfField, outcomeLine, sectionPage } from './shell.ts';
import { isoOf, when } from './when.ts';

const zh = {
  heading: '已授权的应用',
  intro: '以下应用经您同意后可以使用您的账号登录，并读取所列信息。撤销授权后，该应用需重新征得您的同意。',
  scopes: '可读取',
  since: '授权时间',
  withdraw: '撤销授权',
  own: '印信自身页面，无需撤销；退出登录即可结束。',
  none: '没有已授权的应用。',
  withdrawn: '已撤销授权，该应用已无法继续使用您的账号。',
  gone: '该应用没有需要撤销的授权。',
  refused: '印信自身页面的授权不能撤销。',
  api: '印信服务接口',
};

const en: typeof zh = {
  heading: 'Apps you allowed',
  intro: 'You allowed these apps to sign you in and read what is listed. After you withdraw, an app must ask for your consent again.',
  scopes: 'May read',
  since: 'Allowed on',
  withdraw: 'Withdraw consent',
  own: 'One of yinxin’s own pages: nothing to withdraw; signing out ends it.',
  none: 'No apps have your consent.',
  withdrawn: 'Consent withdrawn: the app can no longer use your account.',
  gone: 'That app had no consent to withdraw.',
  refused: 'Consent to yinxin’s own pages is not withdrawn.',
  api: 'yinxin service APIs',
};

export interface AppsView {
  apps: OwnConsent[];
  csrf: string;
  outcome?: 'withdrawn' | 'gone' | 'refused';
}

export function appsPage(o: PageOptions, v: AppsView): string {
  const t = o.lang === 'en' ? en : zh;
  const scopeWords = (scopes: string[]) => {
    const words = scopes.map((s) => o.t.scopes[s] ?? null);
    const api = words.some((w) => w === null) ? [t.api] : [];
    return [...new Set([...words.filter((w): w is string => w !== null), ...api])].join('、');
  };
  const item = (a: OwnConsent, i: number) => `<li class="card" aria-labelledby="app-${i}-h" data-client="${esc(a.clientId)}">
<h2 id="app-${i}-h">${esc(a.name)}</h2>
<p><span class="muted">${esc(t.scopes)}</span><br>${esc(scopeWords(a.scopes))}</p>
<p><span class="muted">${esc(t.since)}</span><br><time datetime="${esc(isoOf(a.grantedAt))}">${esc(when(a.grantedAt, o.lang))}</time></p>
${a.withdrawable
    ? `<form method="post" action="/account/apps/withdraw">${csrfField(v.csrf)}<input type="hidden" name="client" value="${esc(a.clientId)}"><button type="submit" class="secondary" aria-describedby="app-${i}-h">${esc(t.withdraw)}</button></form>`
    : `<p class="muted">${esc(t.own)}</p>`}
</li>`;
  const problem = v.outcome === 'refused' ? t.refused : undefined;
  const notice = v.outcome === 'withdrawn' ? t.withdrawn : v.outcome === 'gone' ? t.gone : undefined;
  return sectionPage(o, t.heading, `${outcomeLine(problem, notice)}
<p>${esc(t.intro)}</p>
${v.apps.length ? `<ul class="account-list">\n${v.apps.map(item).join('\n')}\n</ul>` : `<p class="muted">${esc(t.none)}</p>`}`);
}
