// The page for a sign-in whose app asked for more than this account can reach
// (finish-sign-in.ts `unmet`): why, in plain words, and one button back to the app, which then
// receives `unmet_authentication_requirements`.
import type { UnmetReason } from '../../services/identity/finish-sign-in.ts';
import { esc, fill, page } from './html.ts';
import { referenceLine } from './pages.ts';
import type { Lang } from './i18n.ts';
import type { PageOptions } from './html.ts';

const zh = {
  heading: '无法满足应用的认证要求',
  intro: '“{app}”要求的认证等级无法通过本次登录达到：',
  account_disabled: '该账号已停用。',
  second_factor_unavailable: '该应用要求动态口令等第二重验证，而您的账号不支持（仅工作人员可绑定动态口令）。',
  certificate_required: '该应用要求更高的认证等级，只能使用数字证书登录达到。',
  level_unreachable: '该应用要求的认证等级高于您的账号目前可达到的等级。',
  sign_in_too_old: '登录已过期，请重新登录。',
  back: '返回应用',
  next: '请点击下方按钮返回应用；如需更高的认证等级，可在应用中选择其他登录方式，或联系应用的管理方。',
};

const en: typeof zh = {
  heading: 'The app’s sign-in requirement cannot be met',
  intro: '“{app}” asks for an assurance level this sign-in cannot reach:',
  account_disabled: 'This account is disabled.',
  second_factor_unavailable: 'The app asks for a second factor such as a one-time password, which your account cannot use (only staff can enrol one).',
  certificate_required: 'The app asks for a higher level, which only a sign-in with a digital certificate reaches.',
  level_unreachable: 'The app asks for a higher level than your account can reach at present.',
  sign_in_too_old: 'The sign-in has expired; please sign in again.',
  back: 'Back to the app',
  next: 'Press the button below to go back to the app; for a higher level, choose another way to sign in there, or contact the people who run the app.',
};

export function unmetPage(o: PageOptions, lang: Lang, v: { reason: UnmetReason; appName: string; action: string; csrf: string }): string {
  const m = lang === 'en' ? en : zh;
  return page({ ...o, title: m.heading }, `<h1>${esc(m.heading)}</h1>
<p>${fill(m.intro, { app: v.appName })}</p>
<p role="alert" id="unmet-reason" data-reason="${esc(v.reason)}">${esc(m[v.reason])}</p>
<p id="unmet-next">${esc(m.next)}</p>
${referenceLine(o)}
<form method="post" action="${esc(v.action)}"><input type="hidden" name="csrf" value="${esc(v.csrf)}"><button type="submit" autofocus>${esc(m.back)}</button></form>`);
}
