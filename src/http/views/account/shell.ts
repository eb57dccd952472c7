// The frame of every account section page: its heading, the section's body and the way back to
// the overview. Plain forms with a CSRF token and no script, so nothing for the CSP to allow; one
// column, so it fits a 360 px screen.
import { esc, page } from '../html.ts';
import type { PageOptions } from '../html.ts';

const back = { zh: '返回我的账号', en: 'Back to my account' };

export function sectionPage(o: PageOptions, heading: string, body: string): string {
  return page({ ...o, title: heading }, `<h1>${esc(heading)}</h1>
${body}
<p><a href="/account" id="back-to-account">${esc(o.lang === 'en' ? back.en : back.zh)}</a></p>`);
}

/** The csrf field every form of the account pages carries. */
export const csrfField = (csrf: string) => `<input type="hidden" name="csrf" value="${esc(csrf)}">`;

/** A result line: an error (announced) or a notice. */
export function outcomeLine(problem: string | undefined, notice: string | undefined): string {
  if (problem) return `<p class="error" role="alert">${esc(problem)}</p>`;
  return notice ? `<p class="notice" role="status">${esc(notice)}</p>` : '';
}
