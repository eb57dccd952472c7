// The page where a person chooses whom they act for at sign-in (法人办事).
import { esc, fill, page } from './html.ts';
import type { PageOptions } from './html.ts';
import type { ActingMessages } from './acting-i18n.ts';

const STYLE = '<link rel="stylesheet" href="/static/acting.css">';

export interface SelectOrgView {
  action: string;
  abortAction: string;
  csrf: string;
  appName: string;
  /** The app requires an enterprise: "as myself" is not offered. */
  required: boolean;
  options: { legalPersonId: string; name: string; creditCode: string; role: 'legal_representative' | 'agent' }[];
  error: string | null;
}

export function selectOrgPage(o: PageOptions, m: ActingMessages, v: SelectOrgView): string {
  const radio = (value: string, label: string, note: string, first: boolean) => `<li><label>
<input type="radio" name="org" value="${esc(value)}"${first ? ' checked' : ''}> ${esc(label)}${note ? ` <span class="muted">${esc(note)}</span>` : ''}
</label></li>`;
  const items = [
    ...(v.required ? [] : [radio('self', m.self, '', true)]),
    ...v.options.map((x, i) => radio(x.legalPersonId, x.name, `${m[x.role]} · ${m.creditCode} ${x.creditCode}`, v.required && i === 0)),
  ].join('\n');
  const cancel = `<form method="post" action="${esc(v.abortAction)}"><input type="hidden" name="csrf" value="${esc(v.csrf)}"><button type="submit" class="secondary">${esc(m.cancel)}</button></form>`;
  const intro = v.required ? fill(m.required, { app: v.appName }) : fill(m.body, { app: v.appName });
  const error = v.error ? `<p class="error" role="alert">${esc(v.error)}</p>` : '';
  if (v.required && v.options.length === 0) {
    return page(o, `${STYLE}<h1>${esc(m.heading)}</h1>
<p>${intro}</p>
<p class="error" role="alert" id="no-org">${esc(m.none)}</p>
<div class="actions">${cancel}</div>`);
  }
  return page(o, `${STYLE}<h1>${esc(m.heading)}</h1>
${error}
<form method="post" action="${esc(v.action)}" class="card" id="select-org">
<input type="hidden" name="csrf" value="${esc(v.csrf)}">
<fieldset class="org"><legend>${intro}</legend>
<ul class="org-choices">${items}</ul>
</fieldset>
<button type="submit" autofocus>${esc(m.submit)}</button>
</form>
<div class="actions">${cancel}</div>`);
}
