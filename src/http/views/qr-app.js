// The page that plays the city app (/app/scan). It signs the person in through yinxin (code flow
// with PKCE (shared: /static/portal-sign-in.js), a public first-party client; the token stays in this tab's sessionStorage) and then
// does what the real app does after its camera read a QR login code: scan → show who asks and
// from where → confirm or decline, through /api/qr-login. A code that arrives in the address
// (#qr=…, when a phone camera opened the link) is kept across the sign-in.
(() => {
  'use strict';
  const root = document.getElementById('qr-app');
  const cfg = root.dataset;
  const t = JSON.parse(cfg.t);
  const $ = (id) => document.getElementById(id);
  const KEY = 'yinxin.city-app';

  const auth = window.yinxinPortal.session(cfg, KEY, cfg.scope);
  const { saved, save } = auth;
  let code = null;

  async function api(path, body) {
    const res = await fetch(path, {
      method: 'POST', headers: { authorization: `Bearer ${saved().token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(json.error ? `${json.error.code} ${json.error.message || ''}` : String(res.status));
    return json;
  }

  const status = (text, error = false) => {
    $('app-status').textContent = text;
    $('app-status').className = error ? 'error' : 'notice';
    $('app-status').hidden = !text;
  };
  const fail = (e) => status(`${t.appFailed}${e.message}`, true);

  async function scan(value) {
    $('asking').hidden = true;
    status('');
    const r = await api('/api/qr-login/scan', { code: value });
    code = value;
    $('asking-app').textContent = r.app.name;
    $('asking-from').textContent = `${r.from.userAgent}${r.from.ip ? ` · ${r.from.ip}` : ''}`;
    $('asking-at').textContent = new Date(r.requestedAt).toLocaleString(cfg.lang === 'en' ? 'en-GB' : 'zh-CN');
    $('asking').hidden = false;
  }

  async function decide(decision) {
    await api(`/api/qr-login/${decision}`, { code });
    $('asking').hidden = true;
    status(decision === 'confirm' ? t.appConfirmed : t.appDeclined);
  }

  async function start() {
    $('scan-form').onsubmit = (ev) => {
      ev.preventDefault();
      scan($('qr-code').value.trim()).catch(fail);
    };
    $('confirm').onclick = () => decide('confirm').catch(fail);
    $('decline').onclick = () => decide('decline').catch(fail);
    const fromLink = /^#qr=([A-Za-z0-9_-]{43})$/.exec(location.hash);
    if (fromLink) {
      save({ pending: fromLink[1] });
      history.replaceState(null, '', location.pathname + location.search);
    }
    const s = await auth.begin(fail);
    if (s === null) return;
    if (s.pending) {
      save({ pending: undefined });
      $('qr-code').value = s.pending;
      await scan(s.pending);
    }
  }

  start().catch((e) => {
    auth.show(true);
    fail(e);
  });
})();
