// The verification page: the forms (typed code, upload) and, after a check, the verdict in large
// type and colour with the per-check list, the masked licence details, the times and the receipt.
import type { Verdict } from '../../domain/verdict.ts';
import { groupChecks } from '../../domain/verdict-groups.ts';
import type { VerificationReceipt } from '../../domain/verification-receipt.ts';
import { esc, fill, page } from './html.ts';
import type { PageOptions } from './html.ts';
import { verificationMessages } from './verification-i18n.ts';
import type { VerificationMessages } from './verification-i18n.ts';

/** The forms; the code box takes the focus only on a page without an answer, so that the answer stays in view. */
function forms(m: VerificationMessages, code: string, focus: boolean): string {
  return `<section class="card">
<p>${esc(m.intro)}</p>
<form method="get" action="/verify">
<label for="q">${esc(m.codeLabel)}</label>
<input type="text" id="q" name="q" value="${esc(code)}" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="300"${focus ? ' autofocus' : ''}>
<button type="submit">${esc(m.check)}</button>
</form>
<p class="muted">${esc(m.codeHint)} ${esc(m.cameraNote)}</p>
<div class="scan">
<button type="button" id="scan" hidden data-start="${esc(m.scan)}" data-stop="${esc(m.scanStop)}" data-starting="${esc(m.scanStarting)}" data-aim="${esc(m.scanAim)}" data-found="${esc(m.scanFound)}" data-denied="${esc(m.scanDenied)}">${esc(m.scan)}</button>
<p id="scan-status" class="muted" role="status" aria-live="polite"></p>
<video id="scan-video" hidden playsinline muted></video>
</div>
<form method="post" action="/verify" enctype="multipart/form-data">
<label for="file">${esc(m.fileLabel)}</label>
<input type="file" id="file" name="file" accept=".pdf,.ofd,.ses,.dat,application/pdf">
<button type="submit">${esc(m.upload)}</button>
</form>
</section>
<script src="/static/jsqr.js" defer></script>
<script src="/static/verify-scan.js" defer></script>`;
}

const time = (iso: string | null, lang: PageOptions['lang']): string =>
  iso === null ? '' : new Date(iso).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'Asia/Shanghai', hour12: false });

function facts(rows: [string, string][]): string {
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

function subjectSection(v: Verdict, m: VerificationMessages): string {
  const s = v.subject;
  if (s === null) return '';
  if (s.kind === 'document') {
    const seals = (s.seals ?? []).map((x) => `${x.name ?? x.code ?? '?'}${x.signedAt ? ` (${m.signedAt} ${x.signedAt})` : ''}`).join('; ');
    return `<section class="card"><h2>${esc(m.document)}</h2>${facts([[m.documentSm3, s.documentSm3 ?? ''], [m.seals, seals]])}</section>`;
  }
  const rows: [string, string][] = [];
  if (s.licenceType) rows.push([m.licenceType, s.licenceType]);
  if (s.identifier) rows.push([m.identifier, s.identifier]);
  if (s.version !== undefined) rows.push([m.version, String(s.version)]);
  if (s.issuer) rows.push([m.issuer, s.issuer.name]);
  if (s.holder) rows.push([m.holder, s.holder.name]);
  if (s.holder?.idNumber) rows.push([m.holderId, s.holder.idNumber]);
  if (s.validFrom) rows.push([m.validity, `${s.validFrom} — ${s.validUntil ?? m.longTerm}`]);
  if (s.status?.name) rows.push([m.status, `${s.status.name} (${s.status.code ?? ''})`]);
  for (const f of s.fields ?? []) if (f.field !== 'name' || !s.holder) rows.push([f.label, f.value]);
  return `<section class="card"><h2>${esc(m.subject)}</h2>${facts(rows)}<p class="muted">${esc(m.maskedNote)}</p></section>`;
}

/** The verdict in plain words: a file without any seal is said so, not "not found". */
function verdictWords(v: Verdict, lang: PageOptions['lang'], m: VerificationMessages): [string, string] {
  const noSeal = v.result === 'NOT_FOUND' && v.subject?.kind === 'document';
  return noSeal ? m.noSeal : m.verdicts[v.result] ?? [v.headline[lang], ''];
}

/** One item per check, the failing first; a check over several seals says how many each finding concerns. */
function checkList(v: Verdict, lang: PageOptions['lang'], m: VerificationMessages): string {
  return groupChecks(v.checks).map((g) => {
    const findings = g.findings.map((f) => {
      // With one row the check's own outcome already says it; with several, each finding says its own.
      const seals = g.total > 1 ? `${fill(m.sealsCount, { n: String(f.count), count: String(g.total) })}: ${esc(m.outcomes[f.row.outcome] ?? f.row.outcome)}. ` : '';
      const notes = (f.row.notes ?? []).map((n) => `<p class="note" data-note="${esc(n.code)}">${esc(m.note)}: ${esc(n.message[lang])}</p>`).join('');
      return `<li class="${esc(f.row.outcome)}">${seals}${esc(f.row.message[lang])} <code class="muted">${esc(f.row.code)}</code>${notes}</li>`;
    }).join('');
    return `<li class="${esc(g.outcome)}" data-check="${esc(g.check)}"><span class="name">${esc(m.checkNames[g.check] ?? g.check)}</span>: ${esc(m.outcomes[g.outcome] ?? g.outcome)}<ul class="findings">${findings}</ul></li>`;
  }).join('\n');
}

function verdictSection(v: Verdict, receipt: VerificationReceipt | null, o: PageOptions, m: VerificationMessages): string {
  const lang = o.lang;
  const successor = v.successor ? `<p>${esc(m.successor)}: <a href="${esc(v.successor.url)}">${esc(v.successor.identifier)}</a></p>` : '';
  const retry = v.retryAfterSeconds === null ? '' : `<p>${fill(m.retry, { seconds: String(v.retryAfterSeconds) })}</p>`;
  const [headline, advice] = verdictWords(v, lang, m);
  return `<section class="verdict verdict-${esc(v.colour)}" role="status" aria-live="polite">
<h1 id="result" data-result="${esc(v.result)}">${esc(headline)}</h1>
<p class="advice">${esc(advice)}</p>
${successor}${retry}<p class="code">${esc(m.resultCode)}: <code>${esc(v.result).replace(/_/g, '_<wbr>')}</code></p>
</section>
${subjectSection(v, m)}
<section class="card"><h2>${esc(m.checks)}</h2><ul class="checks">${checkList(v, lang, m)}</ul>
${facts([[m.checkedAt, time(v.checkedAt, lang)], [m.statusAsOf, v.statusAsOf === null ? m.statusUnknown : time(v.statusAsOf, lang)]])}</section>
${receipt === null ? '' : `<details class="card receipt"><summary>${esc(m.receipt)}</summary><pre>${esc(JSON.stringify(receipt, null, 2))}</pre></details>`}`;
}

/** The page, with a verdict when one was asked for. */
export function verificationPage(o: PageOptions, result: { verdict: Verdict; receipt: VerificationReceipt | null } | null, code = ''): string {
  const m = verificationMessages(o.lang);
  return page({ ...o, title: m.heading }, `<link rel="stylesheet" href="/static/verification.css">
<div class="verify">
${result === null ? `<h1>${esc(m.heading)}</h1>` : verdictSection(result.verdict, result.receipt, o, m)}
${forms(m, code, result === null)}
</div>`);
}

/**
 * The page when the input could not be checked at all (bad code, wrong file, too many requests).
 * The error code may break after its underscores: in large text it is wider than a phone.
 */
export function verificationErrorPage(o: PageOptions, code: string, message: string, typed = ''): string {
  const m = verificationMessages(o.lang);
  return page({ ...o, title: m.errorHeading }, `<link rel="stylesheet" href="/static/verification.css">
<div class="verify">
<section class="verdict verdict-amber" role="alert"><h1 id="result" data-error="${esc(code)}">${esc(m.errorHeading)}</h1><p>${esc(message)}</p><p><code>${esc(code).replace(/_/g, '_<wbr>')}</code></p></section>
${forms(m, typed, false)}
</div>`);
}
