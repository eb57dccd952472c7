// A service window's own system, as a department runs it beside yinxin (docs/licence-use.md, "The
// counter flow"): its server holds the client credentials and calls yinxin's API; its clerk's
// page never sees a yinxin token. GET /counter opens a request for the service item and shows
// its QR code (drawn by yinxin, the `qr` of the answer); /counter.js asks the window's own server
// every second what became of it and, once the holder approved, goes on to the result page, which
// the server renders after retrieving the licences. Pages are CSP-clean (same-origin script, the
// QR code as a data: image).
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => ESC[c] as string);

const CSP = "default-src 'none'; script-src 'self'; img-src 'self' data:; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const STYLE = `body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1a1a1a; }
img { border: 1px solid #999; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: .4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th:first-child { width: 10em; } th:nth-child(3) { width: 5em; } th:nth-child(4) { width: 40%; }
dd { margin: 0 0 .3rem 1rem; }
.status { font-weight: bold; }
a { color: #0645ad; }`;

const SCRIPT = `(() => {
  'use strict';
  const box = document.getElementById('request');
  const state = document.getElementById('state');
  if (!box || !state) return;
  const t = JSON.parse(box.dataset.t);
  const poll = async () => {
    const r = await (await fetch(box.dataset.status)).json();
    if (r.status === 'approved') return location.assign(box.dataset.result);
    state.textContent = t[r.status] || r.status;
    if (r.status === 'pending' || r.status === 'scanned') setTimeout(poll, 1000);
    else document.getElementById('qr').hidden = true;
  };
  setTimeout(poll, 1000);
})();`;

const TEXT = {
  pending: '请办事人打开城市App扫描二维码（5分钟内有效）。', scanned: '已扫码，请办事人在手机上确认。',
  denied: '办事人拒绝提供证照。', expired: '二维码已过期，请重新生成。', retrieved: '证照已取得。',
};

function frame(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title><link rel="stylesheet" href="/counter.css"></head>
<body><main><h1>${esc(title)}</h1>
${body}
</main><script src="/counter.js" defer></script></body></html>`;
}

export interface WindowSystemOptions {
  /** yinxin's address. */
  yinxin: string;
  item: { code: string; name: string };
  windowName: string;
  /** The system's own token (client credentials, licence_use scope). */
  token: () => Promise<string>;
}

export async function startCounterWindow(o: WindowSystemOptions): Promise<{ url: string; close(): Promise<void> }> {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${o.yinxin}${path}`, {
      method, headers: { authorization: `Bearer ${await o.token()}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- yinxin's answers, read field by field
    return { status: res.status, body: await res.json() as Record<string, any> };
  };
  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-security-policy': CSP, 'cache-control': 'no-store' }).end(body);
  };
  const title = `${o.windowName} · ${o.item.name}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://window');
    const id = /^\/counter\/(lur_[A-Za-z0-9_-]{22})\/(status|result)$/.exec(url.pathname);
    if (url.pathname === '/counter.js') return send(res, 200, 'text/javascript', SCRIPT);
    if (url.pathname === '/counter.css') return send(res, 200, 'text/css', STYLE);
    if (url.pathname === '/counter') {
      const opened = await call('POST', '/api/licence-use/requests', { serviceItem: o.item.code });
      if (opened.status !== 201) return send(res, 502, 'text/plain', JSON.stringify(opened.body));
      const r = opened.body;
      return send(res, 200, 'text/html', frame(title, `<div id="request" data-status="/counter/${esc(r.requestId)}/status" data-result="/counter/${esc(r.requestId)}/result" data-t="${esc(JSON.stringify(TEXT))}">
<p><img id="qr" src="${esc(r.qr)}" alt="用证二维码：请办事人用城市App扫描" width="240" height="240"></p>
<p id="state" class="status" role="status" aria-live="polite">${esc(TEXT.pending)}</p>
<p>请求编号 ${esc(r.requestId)}，有效期至 ${esc(new Date(r.expiresAt as string).toLocaleTimeString('zh-CN', { timeZone: 'Asia/Shanghai' }))}</p>
</div>`));
    }
    if (id?.[2] === 'status') {
      const s = await call('GET', `/api/licence-use/requests/${id[1]}`);
      return send(res, s.status === 200 ? 200 : 502, 'application/json', JSON.stringify({ status: s.body.status ?? 'failed' }));
    }
    if (id?.[2] === 'result') {
      const out = await call('POST', `/api/licence-use/requests/${id[1]}/retrieval`, {});
      if (out.status !== 200) {
        return send(res, out.status, 'text/html', frame(title, `<p role="alert">未能取得证照：${esc(out.body.error?.code)}</p><p><a href="/counter">重新生成二维码</a></p>`));
      }
      const rows = (out.body.licences as { identifier: string; typeName: string; status: { name: string; valid: boolean }; fields: Record<string, string | null> }[]).map((l) => `<tr>
<td>${esc(l.typeName)}</td><td>${esc(l.identifier)}</td><td>${esc(l.status.name)}${l.status.valid ? '' : '（无效）'}</td>
<td><dl>${Object.entries(l.fields).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl></td></tr>`).join('');
      return send(res, 200, 'text/html', frame(title, `<p class="status" role="status">已取得办事人同意提供的证照（用证记录 ${esc(out.body.useId)}）。</p>
<table><caption>收到的证照</caption><thead><tr><th scope="col">证照类型</th><th scope="col">证照标识</th><th scope="col">状态</th><th scope="col">内容</th></tr></thead>
<tbody>${rows}</tbody></table>
<p><a href="/counter">下一位办事人</a></p>`));
    }
    send(res, 404, 'text/plain', 'not found');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => send(res, 500, 'text/plain', String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
