// The service item pages (用证事项): the catalogue with its licence lists, a form to add an item,
// a CSV upload, one item's page to change it; and an app's licence-use permissions with the forms to
// permit an item (with a legal basis for reading without consent) and to withdraw one. Plain forms
// that carry the page's CSRF token; no scripts. Tables scroll sideways when narrow.
import type { LicenceUsePermission, ServiceItem } from '../../domain/licence-use.ts';
import type { AppSummary } from '../../services/apps/app-registration.ts';
import type { AdminServiceItemsMessages } from './admin-service-items-i18n.ts';
import { field, frame, hidden, scrollTable } from './admin-frame.ts';
import type { AdminView } from './admin-frame.ts';
import { esc } from './html.ts';

/** A licence type as the item form offers it: its code, name and fields. */
export interface OfferedType {
  typeCode: string;
  name: string;
  fields: { name: string; label: string }[];
}

/** What an item form shows: a saved item, a refused form's entries, or nothing (a new item). */
export type ItemDraft = Pick<ServiceItem, 'code' | 'name' | 'department' | 'licences' | 'legalBasis'>;

const itemHref = (code: string) => `/admin/service-items/${encodeURIComponent(code)}`;
const ground = (m: AdminServiceItemsMessages, p: LicenceUsePermission) => (p.legalBasis === null ? m.consentOnly : `${m.withoutConsent}${p.legalBasis}`);
const time = (iso: string) => iso.replace('T', ' ').slice(0, 19);
const check = (name: string, value: string, id: string, label: string, checked: boolean) =>
  `<label class="check" for="${id}"><input type="checkbox" name="${esc(name)}" value="${esc(value)}" id="${id}"${checked ? ' checked' : ''}> ${esc(label)}</label>`;

function licenceList(item: Pick<ServiceItem, 'licences'>, types: readonly OfferedType[]): string {
  const names = new Map(types.map((t) => [t.typeCode, t]));
  return `<ul class="plain">${item.licences.map((l) => {
    const t = names.get(l.typeCode);
    const labels = l.fields.map((f) => t?.fields.find((x) => x.name === f)?.label ?? f);
    return `<li><span class="type-name">${esc(t?.name ?? l.typeCode)}</span>${labels.length ? `：${esc(labels.join('、'))}` : ''}</li>`;
  }).join('')}</ul>`;
}

/** The item's fields; `p` prefixes the ids (`n` new, `e` change), `fixedCode` for an existing item. */
function itemFields(m: AdminServiceItemsMessages, p: string, item: ItemDraft | null, types: readonly OfferedType[], fixedCode: boolean): string {
  const chosen = new Map((item?.licences ?? []).map((l) => [l.typeCode, new Set(l.fields)]));
  const typeSets = types.map((t, i) => {
    const fields = chosen.get(t.typeCode);
    return `<fieldset class="licence-type"><legend>${esc(t.name)} <code>${esc(t.typeCode)}</code></legend>
${check('types', t.typeCode, `${p}-type-${i}`, m.useType, fields !== undefined)}
<p class="muted" id="${p}-fields-${i}-h">${esc(m.fieldsOf)}</p><div role="group" aria-labelledby="${p}-fields-${i}-h">${t.fields.map((f, j) => check(`fields.${t.typeCode}`, f.name, `${p}-field-${i}-${j}`, `${f.label} (${f.name})`, fields?.has(f.name) ?? false)).join('')}</div></fieldset>`;
  }).join('\n');
  return `${fixedCode ? `<input type="hidden" name="code" value="${esc(item?.code ?? '')}">` : field(`${p}-code`, m.code, `<input id="${p}-code" name="code" required maxlength="64" pattern="[0-9A-Za-z_\\-]{1,64}" value="${esc(item?.code ?? '')}">`)}
${field(`${p}-name`, m.name, `<input id="${p}-name" name="name" required maxlength="200" value="${esc(item?.name ?? '')}">`)}
${field(`${p}-dept-code`, m.departmentCode, `<input id="${p}-dept-code" name="departmentCode" required maxlength="32" value="${esc(item?.department.code ?? '')}">`)}
${field(`${p}-dept-name`, m.departmentName, `<input id="${p}-dept-name" name="departmentName" required maxlength="200" value="${esc(item?.department.name ?? '')}">`)}
${field(`${p}-basis`, m.legalBasis, `<textarea id="${p}-basis" name="legalBasis" rows="2" required maxlength="500">${esc(item?.legalBasis ?? '')}</textarea>`)}
<fieldset><legend>${esc(m.licenceTypes)}</legend><p class="muted">${esc(m.licenceTypesHint)}</p>
${typeSets}</fieldset>`;
}

export function serviceItemListPage(v: AdminView, m: AdminServiceItemsMessages, items: ServiceItem[], types: readonly OfferedType[], draft: ItemDraft | null, columns: readonly string[]): string {
  const rows = items.map((i) => `<tr><td><code>${esc(i.code)}</code></td><td>${esc(i.name)}</td><td>${esc(i.department.name)} <span class="muted">${esc(i.department.code)}</span></td><td>${licenceList(i, types)}</td><td class="basis">${esc(i.legalBasis)}</td><td>${esc(time(i.updatedAt))}</td><td><a href="${itemHref(i.code)}">${esc(m.open)}<span class="skip"> ${esc(i.name)}</span></a></td></tr>`).join('');
  return frame(v, `<h2 id="list-h">${esc(m.listHeading)}</h2>
${rows ? scrollTable(m.listHeading, `<table class="staff items" id="items"><thead><tr><th scope="col">${esc(m.code)}</th><th scope="col">${esc(m.name)}</th><th scope="col">${esc(m.department)}</th><th scope="col">${esc(m.licences)}</th><th scope="col">${esc(m.legalBasisShort)}</th><th scope="col">${esc(m.updated)}</th><th scope="col">${esc(v.a.actions)}</th></tr></thead><tbody>${rows}</tbody></table>`) : `<p>${esc(m.none)}</p>`}
<section class="card" aria-labelledby="add-h"><h2 id="add-h">${esc(m.addHeading)}</h2>
<form method="post" action="/admin/service-items" id="add-item">${hidden(v)}
${itemFields(m, 'n', draft, types, false)}
<button type="submit">${esc(m.add)}</button></form></section>
<section class="card" aria-labelledby="import-h"><h2 id="import-h">${esc(m.importHeading)}</h2>
<p class="muted" id="import-hint">${esc(m.importHint)}</p>
<pre class="csv-header"><code>${esc(columns.join(','))}</code></pre>
<form method="post" action="/admin/service-items/import.csv" enctype="multipart/form-data" id="import" aria-describedby="import-hint">${hidden(v)}
${field('csv-file', m.csvFile, '<input type="file" id="csv-file" name="file" accept=".csv,text/csv">')}
${field('csv-text', m.csvText, '<textarea id="csv-text" name="csvText" rows="4"></textarea>')}
<button type="submit">${esc(m.importButton)}</button></form></section>`);
}

/** An app's permission for the item shown on the item's page. */
export interface ItemHolder {
  app: Pick<AppSummary, 'clientId' | 'name'>;
  permission: LicenceUsePermission;
}

export function serviceItemPage(v: AdminView, m: AdminServiceItemsMessages, item: ItemDraft, types: readonly OfferedType[], holders: ItemHolder[]): string {
  // A type on the item's list that no template serves any more is still shown, to be removed.
  const offered = [...types, ...item.licences.filter((l) => !types.some((t) => t.typeCode === l.typeCode))
    .map((l) => ({ typeCode: l.typeCode, name: `${l.typeCode} ${m.unknownType}`, fields: l.fields.map((f) => ({ name: f, label: f })) }))];
  return frame(v, `<p><a href="/admin/service-items">${esc(m.back)}</a></p>
<dl class="card"><dt>${esc(m.code)}</dt><dd><code id="item-code">${esc(item.code)}</code></dd><dt>${esc(m.licences)}</dt><dd id="item-licences">${licenceList(item, offered)}</dd></dl>
<section class="card" aria-labelledby="edit-h"><h2 id="edit-h">${esc(m.editHeading)}</h2>
<form method="post" action="${itemHref(item.code)}" id="edit-item">${hidden(v)}
${itemFields(m, 'e', item, offered, true)}
<button type="submit">${esc(m.save)}</button></form></section>
<section class="card"><h2 id="holders-h">${esc(m.appsPermitted)}</h2>
${holders.length ? scrollTable(m.appsPermitted, `<table class="staff" id="item-apps"><thead><tr><th scope="col">${esc(m.app)}</th><th scope="col">${esc(m.ground)}</th><th scope="col">${esc(m.grantedAt)}</th><th scope="col">${esc(v.a.actions)}</th></tr></thead><tbody>${holders.map((h) => `<tr><td>${esc(h.app.name)} <code>${esc(h.app.clientId)}</code></td><td class="basis">${esc(ground(m, h.permission))}</td><td>${esc(time(h.permission.grantedAt))}</td><td><a href="/admin/apps/${encodeURIComponent(h.app.clientId)}/licence-use">${esc(m.manage)}<span class="skip"> ${esc(h.app.name)}</span></a></td></tr>`).join('')}</tbody></table>`) : `<p>${esc(m.noAppsPermitted)}</p>`}
<p class="muted">${esc(m.permitHint)}</p></section>`);
}

export function appLicenceUsePage(v: AdminView, m: AdminServiceItemsMessages, app: AppSummary, permissions: LicenceUsePermission[], items: ServiceItem[]): string {
  const base = `/admin/apps/${encodeURIComponent(app.clientId)}/licence-use`;
  const names = new Map(items.map((i) => [i.code, i.name]));
  const rows = permissions.map((p) => `<tr><td><code>${esc(p.itemCode)}</code></td><td>${esc(names.get(p.itemCode) ?? '-')}</td><td class="basis">${esc(ground(m, p))}</td><td><code>${esc(p.grantedBy)}</code></td><td>${esc(time(p.grantedAt))}</td><td><form method="post" action="${base}/${encodeURIComponent(p.itemCode)}/withdraw">${hidden(v)}<button type="submit" class="secondary">${esc(m.withdraw)}<span class="skip"> ${esc(p.itemCode)}</span></button></form></td></tr>`).join('');
  const options = items.map((i) => `<option value="${esc(i.code)}">${esc(`${i.code} ${i.name}`)}</option>`).join('');
  return frame(v, `<p><a href="/admin/apps/${encodeURIComponent(app.clientId)}">${esc(m.backToApp)}</a></p>
<dl class="card"><dt>${esc(m.app)}</dt><dd>${esc(app.name)} <code id="app-client-id">${esc(app.clientId)}</code></dd></dl>
<p>${esc(m.useIntro)}</p>
<h2 id="permissions-h">${esc(m.permissions)}</h2>
${rows ? scrollTable(m.permissions, `<table class="staff" id="permissions"><thead><tr><th scope="col">${esc(m.code)}</th><th scope="col">${esc(m.name)}</th><th scope="col">${esc(m.ground)}</th><th scope="col">${esc(m.grantedBy)}</th><th scope="col">${esc(m.grantedAt)}</th><th scope="col">${esc(v.a.actions)}</th></tr></thead><tbody>${rows}</tbody></table>`) : `<p id="no-permissions">${esc(m.noPermissions)}</p>`}
<section class="card" aria-labelledby="grant-h"><h2 id="grant-h">${esc(m.grantHeading)}</h2>
${options ? `<form method="post" action="${base}" id="grant">${hidden(v)}
${field('g-item', m.item, `<select id="g-item" name="itemCode" required>${options}</select>`)}
<label class="check" for="g-without"><input type="checkbox" name="withoutConsent" id="g-without"> ${esc(m.allowWithoutConsent)}</label>
${field('g-basis', m.basisOfUse, '<textarea id="g-basis" name="legalBasis" rows="2" maxlength="500"></textarea>')}
<button type="submit">${esc(m.grant)}</button></form>` : `<p>${esc(m.noItems)}</p>`}</section>`);
}
