// The consent page of licence use (用证授权): which system asks, for which service item and
// under which law, the licences and the fields of each it will receive, and for how long.
import { esc, fill, page } from './html.ts';
import type { PageOptions } from './html.ts';

const words = {
  zh: {
    title: '授权使用电子证照',
    body: '{app} 请求在办理以下事项时调取您的电子证照，您无需另行提交：',
    item: '办理事项', department: '实施部门', basis: '依据',
    licences: '将提供的证照和信息项（仅限以下内容）',
    once: '本次授权仅可使用一次，{minutes} 分钟内有效。',
    standing: '本授权在 {days} 天内持续有效，您可随时在“我的证照”中撤回。',
    enterprise: '如您是企业的法定代表人或经办人，授权也适用于该企业的证照。',
    allow: '同意提供', deny: '不同意',
  },
  en: {
    title: 'Allow the use of your licences',
    body: '{app} asks to retrieve your licences for the service below, so that you need not hand them in:',
    item: 'Service', department: 'Department', basis: 'Legal basis',
    licences: 'Licences and the fields to be shared (nothing else)',
    once: 'This consent serves one retrieval within {minutes} minutes.',
    standing: 'This consent stands for {days} days; you can withdraw it at any time under “My licences”.',
    enterprise: "If you are an enterprise's legal representative or agent, the consent covers its licences too.",
    allow: 'Allow', deny: 'Do not allow',
  },
} as const;

export interface LicenceUseConsentView {
  action: string;
  abortAction: string;
  csrf: string;
  appName: string;
  item: { code: string; name: string; department: string; legalBasis: string };
  licences: readonly { typeName: string; fields: readonly string[] }[];
  standingDays: number | null;
  oneTimeMinutes: number;
}

export function licenceUseConsentPage(o: PageOptions, v: LicenceUseConsentView): string {
  const w = words[o.lang];
  const licences = v.licences.map((l) => `<li><strong>${esc(l.typeName)}</strong>: ${l.fields.map(esc).join('、')}</li>`).join('');
  const duration = v.standingDays === null ? fill(w.once, { minutes: String(v.oneTimeMinutes) }) : fill(w.standing, { days: String(v.standingDays) });
  return page({ ...o, title: w.title }, `<h1>${esc(w.title)}</h1>
<p>${fill(w.body, { app: v.appName })}</p>
<dl class="licence-use-item">
<dt>${esc(w.item)}</dt><dd id="use-item">${esc(v.item.name)} <span class="muted">(${esc(v.item.code)})</span></dd>
<dt>${esc(w.department)}</dt><dd>${esc(v.item.department)}</dd>
<dt>${esc(w.basis)}</dt><dd>${esc(v.item.legalBasis)}</dd>
</dl>
<h2>${esc(w.licences)}</h2>
<ul class="scopes" id="use-licences">${licences}</ul>
<p id="use-duration">${esc(duration)}</p>
<p class="muted">${esc(w.enterprise)}</p>
<div class="actions">
<form method="post" action="${esc(v.action)}"><input type="hidden" name="csrf" value="${esc(v.csrf)}"><button type="submit" autofocus>${esc(w.allow)}</button></form>
<form method="post" action="${esc(v.abortAction)}"><input type="hidden" name="csrf" value="${esc(v.csrf)}"><button type="submit" class="secondary">${esc(w.deny)}</button></form>
</div>`);
}
