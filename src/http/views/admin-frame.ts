// The frame of every administration console page: the navigation to the pages of the signed-in
// administrator's duties, the heading, a refused form's issues, a notice, a secret shown once.
import type { FieldIssue } from '../../services/staff/staff-deps.ts';
import type { AdminMessages } from './admin-i18n.ts';
import { esc, page } from './html.ts';
import type { PageOptions } from './html.ts';

export interface AdminView {
  o: PageOptions;
  a: AdminMessages;
  csrf: string;
  /** The signed-in administrator's account id. */
  actorId: string;
  /** The pages of the signed-in administrator's duties. */
  nav: { href: string; label: string }[];
  /** Issues of a refused form, or a notice after a change. */
  issues?: FieldIssue[];
  notice?: string;
  /** A secret (an initial password, a client secret) to show once, with the words that say what it is. */
  secret?: string;
  secretLabel?: string;
}

/** Han characters: a message a page already wrote in Chinese. */
const HAN = /\p{Script=Han}/u;

/**
 * A refused field's problem as the page shows it: the use case's or zod's message, or, on a page
 * not in English whose message is the API's English one, the problem named by its code.
 */
function issueText(v: AdminView, i: FieldIssue): string {
  if (v.o.lang === 'en' || HAN.test(i.message)) return i.message;
  return v.a.issueCodes[i.code ?? ''] ?? i.message;
}

export function frame(v: AdminView, body: string): string {
  const nav = `<nav class="admin-nav" aria-label="${esc(v.a.console)}">${v.nav.map((n) => `<a href="${esc(n.href)}">${esc(n.label)}</a>`).join(' ')}</nav>`;
  const issues = v.issues?.length
    ? `<div class="error" role="alert"><p>${esc(v.a.errors)}</p><ul>${v.issues.map((i) => `<li>${esc(i.path.join('.') || '-')}: ${i.code ? `<code>${esc(i.code)}</code> ` : ''}${esc(issueText(v, i))}</li>`).join('')}</ul></div>`
    : '';
  const notice = v.notice ? `<p class="notice" role="status">${esc(v.notice)}</p>` : '';
  const secret = v.secret
    ? `<div class="notice secret" role="status"><p>${esc(v.secretLabel ?? v.a.initialPassword)}</p><p><code id="${v.secretLabel ? 'shown-secret' : 'initial-password'}">${esc(v.secret)}</code></p></div>`
    : '';
  return page(v.o, `<link rel="stylesheet" href="/static/admin.css">${nav}<h1>${esc(v.o.title)}</h1>${issues}${notice}${secret}${body}`);
}

export const hidden = (v: AdminView) => `<input type="hidden" name="csrf" value="${esc(v.csrf)}">`;
export const field = (id: string, label: string, input: string) => `<label for="${id}">${esc(label)}</label>${input}`;

/**
 * A table in a region that scrolls sideways when the page is narrow (never one character a line);
 * focusable, so a keyboard can scroll it, and named for screen readers.
 */
export const scrollTable = (label: string, table: string) => `<div class="table-scroll" role="region" tabindex="0" aria-label="${esc(label)}">${table}</div>`;
