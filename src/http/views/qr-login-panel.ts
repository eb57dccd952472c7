// The QR-scan panel of the sign-in page. /static/qr-login.js asks for a code, shows it, polls
// its status and completes the sign-in; the endpoints and texts travel in data attributes (the
// CSP allows no inline script).
import { esc } from './html.ts';
import type { PageOptions } from './html.ts';
import { qrMessages } from './qr-login-i18n.ts';

export interface QrPanelView {
  /** POST: a new code. */
  issueAction: string;
  /** POST: the status of a code. */
  statusAction: string;
  /** POST: complete the sign-in with a confirmed code. */
  completeAction: string;
  csrf: string;
}

export function qrTabLabel(o: PageOptions): string {
  return qrMessages(o.lang).tab;
}

export function qrPanel(o: PageOptions, v: QrPanelView): string {
  const q = qrMessages(o.lang);
  const texts = { pending: q.pending, scanned: q.scanned, confirmed: q.confirmed, declined: q.declined, expired: q.expired, failed: q.failed };
  return `<div class="card qr-login" id="qr-login" data-issue="${esc(v.issueAction)}" data-status="${esc(v.statusAction)}" data-complete="${esc(v.completeAction)}" data-csrf="${esc(v.csrf)}" data-t="${esc(JSON.stringify(texts))}">
<p>${esc(q.help)}</p>
<p class="qr-image"><img id="qr-image" alt="${esc(q.image)}" width="220" height="220" hidden></p>
<p id="qr-state" role="status" aria-live="polite">${esc(q.loading)}</p>
<button type="button" id="qr-refresh" class="secondary" hidden>${esc(q.refresh)}</button>
</div>
<script src="/static/qr-login.js" defer></script>`;
}
