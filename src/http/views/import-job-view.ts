// A file import's pages, shared by the licence and staff CSV uploads: the upload form, and the
// job's progress with its per-line errors. While the job runs, /static/import-job.js polls the
// job's progress (`data-progress`, the job as its API answers) and shows it, and once it ends
// brings in the page's final state; without scripts, a link reloads the page.
import type { ImportJobMessages } from './import-job-i18n.ts';
import { esc, fill } from './html.ts';
import { scrollTable } from './admin-frame.ts';

/** What the page shows of a job; `ok` counts the lines that went through. */
export interface JobSummary {
  id: string;
  state: 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  ok: number;
  failed: number;
  failure: string | null;
  errors: readonly { line: number; key: string | null; code: string; issues: readonly { path: readonly (string | number)[]; code: string; message: string }[] }[];
}

/** The upload form: a file and the CSRF token, posted as multipart/form-data. */
export function uploadForm(action: string, csrf: string, t: ImportJobMessages, id: string): string {
  return `<form method="post" action="${esc(action)}" enctype="multipart/form-data" id="${id}">
<input type="hidden" name="csrf" value="${esc(csrf)}">
<label for="${id}-file">${esc(t.file)}</label><input id="${id}-file" name="file" type="file" accept=".csv,text/csv" required>
<button type="submit">${esc(t.upload)}</button></form>`;
}

/** The job's progress and errors; `progressUrl` answers the job as JSON, `extra` follows the errors. */
export function jobSection(job: JobSummary, t: ImportJobMessages, progressUrl: string, extra = ''): string {
  const counts = (j: Pick<JobSummary, 'total' | 'processed' | 'ok' | 'failed'>) => fill(t.counts, { total: String(j.total), processed: String(j.processed), ok: String(j.ok), failed: String(j.failed) });
  const state = `${esc(t.states[job.state] ?? job.state)}${job.failure ? ` <code>${esc(job.failure)}</code>` : ''}`;
  const rows = job.errors.map((e) => `<tr><td>${e.line}</td><td>${esc(e.key ?? '-')}</td><td><code>${esc(e.code)}</code></td><td><ul>${e.issues.map((i) => `<li>${esc(i.path.join('.') || '-')}: <code>${esc(i.code)}</code> ${esc(i.message)}</li>`).join('')}</ul></td></tr>`).join('');
  const running = job.state === 'running';
  const words = { counts: t.counts, running: t.states.running ?? '' };
  return `<section id="job" class="card" aria-labelledby="job-h"${running ? ` data-progress="${esc(progressUrl)}" data-words="${esc(JSON.stringify(words))}"` : ''}>
<h2 id="job-h">${esc(t.progressHeading)} <code>${esc(job.id)}</code></h2>
<p><label for="job-bar">${esc(t.progressLabel)}</label> <progress id="job-bar" max="${Math.max(job.total, 1)}" value="${job.processed}">${job.processed}/${job.total}</progress></p>
<p id="job-status" role="status" aria-live="polite" data-state="${job.state}">${state} <span id="job-counts">${counts(job)}</span></p>
${running ? `<p class="reload"><a href="">${esc(t.reload)}</a></p>` : ''}
<h3 id="job-errors-h">${esc(t.errorsHeading)}</h3>
${rows ? scrollTable(t.errorsHeading, `<table class="staff" id="job-errors"><thead><tr><th scope="col">${esc(t.line)}</th><th scope="col">${esc(t.key)}</th><th scope="col">${esc(t.code)}</th><th scope="col">${esc(t.problems)}</th></tr></thead><tbody>${rows}</tbody></table>`) : `<p>${esc(t.noErrors)}</p>`}
${extra}</section>
<script src="/static/import-job.js"></script>`;
}
