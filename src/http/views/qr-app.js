// The page that plays the city app (/app/scan). It signs the person in through yinxin (code flow
// with PKCE (shared: /static/portal-sign-in.js), a public first-party client; the token stays in this tab's sessionStorage) and then
// does what the real app does after its camera read a QR login code: scan → show who asks and
// from where → confirm or decline, through /api/qr-login. A service window's licence-use request
// code (lu_…, links with #use=) goes to /api/licence-use instead: what the window asks for, whose
// licences → give or refuse. A code that arrives in the address (#qr=… or #use=…, when a phone
// camera opened the link) is kept across the sign-in.
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
  const USE_CODE = /(?:^|[#&?]use=)(lu_[A-Za-z0-9_-]{43})$/;

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

  const text = (el, value) => {
    const node = document.createElement(el);
    node.textContent = value;
    return node;
  };

  const en = cfg.lang === 'en';
  const paren = (a, b) => (en ? `${a} (${b})` : `${a}（${b}）`);

  async function scanUse(value) {
    const r = await api('/api/licence-use/scan', { code: value });
    code = value;
    $('use-app').textContent = r.app.name;
    $('use-item').textContent = paren(r.item.name, r.item.code);
    $('use-dept').textContent = r.item.department;
    $('use-basis').textContent = r.item.legalBasis;
    $('use-mode').textContent = r.mode === 'once' ? t.useOnce : t.useStanding.replace('{days}', String(r.standingDays));
    const list = $('use-licences');
    list.replaceChildren(...r.licences.map((l) => {
      const li = document.createElement('li');
      li.append(text('strong', l.typeName), document.createTextNode(en ? `: ${l.fields.join(', ')}` : `：${l.fields.join('、')}`));
      return li;
    }));
    const box = $('use-holders');
    box.replaceChildren(text('legend', t.useFor), ...r.holders.map((h, i) => {
      const label = document.createElement('label');
      label.className = 'holder-choice';
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = 'use-holder';
      input.value = h.id;
      input.checked = i === 0;
      const role = h.role === 'self' ? t.useSelf : h.role === 'agent' ? t.useAgent : t.useRepresentative;
      label.append(input, document.createTextNode(h.role === 'self' ? paren(role, h.name) : paren(h.name, role)));
      return label;
    }));
    if (r.holders.length === 0) box.append(text('p', t.useNoHolder));
    $('use-confirm').disabled = r.holders.length === 0;
    $('use-asking').hidden = false;
    $('use-title').focus();
  }

  async function decideUse(decision) {
    const chosen = document.querySelector('input[name="use-holder"]:checked');
    await api(`/api/licence-use/${decision}`, decision === 'confirm' ? { code, holder: chosen ? chosen.value : 'self' } : { code });
    $('use-asking').hidden = true;
    status(decision === 'confirm' ? t.useConfirmed : t.useDeclined);
  }

  async function scan(value) {
    $('asking').hidden = true;
    $('use-asking').hidden = true;
    status('');
    if (USE_CODE.test(value)) return scanUse(value);
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
    $('use-confirm').onclick = () => decideUse('confirm').catch(fail);
    $('use-decline').onclick = () => decideUse('decline').catch(fail);
    const fromLink = /^#qr=([A-Za-z0-9_-]{43})$/.exec(location.hash) || /^#use=(lu_[A-Za-z0-9_-]{43})$/.exec(location.hash);
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
