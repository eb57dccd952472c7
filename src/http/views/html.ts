// Escaping and the page frame shared by every server-rendered page. No inline scripts or styles:
// the Content-Security-Policy allows only same-origin files.
import type { Lang, Messages } from './i18n.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escape text for HTML content and quoted attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** Fill `{name}` placeholders with escaped values. */
export function fill(template: string, values: Record<string, string>): string {
  return esc(template).replace(/\{(\w+)\}/g, (_m, k: string) => esc(values[k] ?? ''));
}

export interface PageOptions {
  lang: Lang;
  t: Messages;
  large: boolean;
  title: string;
  /** The current path and query, for the language and text-size links. */
  here: string;
  /** This request's id as shown on error pages (`shortRef`); the access log carries it whole. */
  ref?: string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A reference short enough to read out over the phone: the first block of a minted UUID (the
 * access log line holds the whole id, so searching the log for it finds the request), or a
 * gateway's own id as it came.
 */
export function shortRef(requestId: unknown): string | undefined {
  if (typeof requestId !== 'string' || !requestId) return undefined;
  return UUID.test(requestId) ? requestId.slice(0, 8) : requestId;
}

function withParam(here: string, key: string, value: string): string {
  const u = new URL(here, 'http://x');
  u.searchParams.set(key, value);
  return `${u.pathname}${u.search}`;
}

export function page(o: PageOptions, body: string): string {
  const otherLang = o.lang === 'zh' ? 'en' : 'zh';
  return `<!DOCTYPE html>
<html lang="${o.lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(o.title)} · ${esc(o.t.title)}</title>
<link rel="stylesheet" href="/static/yinxin.css">
</head>
<body class="${o.large ? 'large' : ''}">
<a class="skip" href="#main">${esc(o.t.skip)}</a>
<header class="top">
<span class="brand">${esc(o.t.title)}</span>
<nav class="prefs" aria-label="preferences">
<a href="${esc(withParam(o.here, 'lang', otherLang))}" lang="${otherLang === 'zh' ? 'zh-CN' : 'en'}">${esc(o.t.langSwitch)}</a>
<a href="${esc(withParam(o.here, 'large', o.large ? '0' : '1'))}">${esc(o.large ? o.t.normalText : o.t.largeText)}</a>
</nav>
</header>
<main id="main" tabindex="-1">
${body}
</main>
</body>
</html>`;
}
