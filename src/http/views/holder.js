// Holder portal script (served from this origin as /static/holder.js).
// The page is a public first-party client of yinxin: the browser signs in with the authorization
// code flow and PKCE (S256) and calls /api/holder with the access token. The token lives only in
// this tab's sessionStorage (gone when the tab closes); the CSP admits scripts from this origin
// only, and the page never puts server data into HTML (text nodes only). A server-side session
// would add a cookie, CSRF checks and a store for no gain: the API already takes bearer tokens.
(() => {
  'use strict';
  const root = document.getElementById('holder');
  const cfg = root.dataset;
  const t = JSON.parse(cfg.t);
  const $ = (id) => document.getElementById(id);
  const KEY = 'yinxin.holder';

  const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const random = () => b64url(crypto.getRandomValues(new Uint8Array(32)));
  const el = (tag, props = {}, children = []) => {
    const e = document.createElement(tag);
    Object.assign(e, props);
    for (const c of children) e.append(c);
    return e;
  };
  const saved = () => JSON.parse(sessionStorage.getItem(KEY) || '{}');
  const save = (v) => sessionStorage.setItem(KEY, JSON.stringify(v));

  async function signIn() {
    const verifier = random();
    const state = random();
    save({ verifier, state });
    const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const q = new URLSearchParams({
      client_id: cfg.clientId, response_type: 'code', redirect_uri: cfg.redirectUri, scope: 'openid holder',
      resource: cfg.resource, state, code_challenge: challenge, code_challenge_method: 'S256', ui_locales: cfg.lang === 'en' ? 'en' : 'zh-CN',
    });
    location.assign(`${cfg.authorize}?${q}`);
  }

  async function finishSignIn(params) {
    const { verifier, state } = saved();
    sessionStorage.removeItem(KEY);
    history.replaceState(null, '', location.pathname);
    if (!verifier || params.get('state') !== state) throw new Error('state');
    const res = await fetch(cfg.token, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code: params.get('code'), redirect_uri: cfg.redirectUri,
        client_id: cfg.clientId, code_verifier: verifier, resource: cfg.resource,
      }),
    });
    if (!res.ok) throw new Error(`token ${res.status}`);
    const tokens = await res.json();
    save({ token: tokens.access_token, until: Date.now() + (tokens.expires_in - 10) * 1000 });
  }

  async function api(path, body) {
    const res = await fetch(path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${saved().token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (res.status === 401) {
      sessionStorage.removeItem(KEY);
      show(false);
    }
    if (!res.ok) throw new Error(json.error ? `${json.error.code} ${json.error.message || ''}` : String(res.status));
    return json;
  }

  const status = (text, error = false) => {
    $('status').textContent = text;
    $('status').className = error ? 'error' : '';
  };
  const when = (iso) => new Date(iso).toLocaleString(cfg.lang === 'en' ? 'en-GB' : 'zh-CN');

  async function listLicences() {
    const { licences } = await api('/api/holder/licences');
    const body = $('licences').tBodies[0];
    body.replaceChildren(...licences.map((l) => {
      const action = l.validNow ? el('button', { type: 'button', textContent: t.show, onclick: () => openShare(l).catch(fail) }) : '';
      return el('tr', {}, [
        el('td', { textContent: l.typeName || l.typeCode }), el('td', { textContent: l.identifier }),
        el('td', { textContent: l.statusName || l.status }), el('td', { textContent: l.validUntil || t.longTerm }), el('td', {}, [action]),
      ]);
    }));
    $('licences').hidden = licences.length === 0;
    status(licences.length === 0 ? t.none : '');
  }

  async function openShare(l) {
    const detail = await api(`/api/holder/licences/${l.id}`);
    const boxes = detail.fields.filter((f) => f.shareable).map((f) => el('label', {}, [el('input', { type: 'checkbox', name: 'field', value: f.field }), ` ${f.label}`]));
    const lifetime = el('select', { name: 'lifetime', id: 'share-lifetime' }, Object.entries(t.lifetimes).map(([s, label]) => el('option', { value: s, textContent: label })));
    const form = $('share-form');
    form.replaceChildren(
      el('p', { textContent: `${l.typeName} ${l.identifier}` }),
      el('fieldset', {}, [el('legend', { textContent: t.fieldsLegend }), ...boxes]),
      el('label', { htmlFor: 'share-purpose', textContent: t.purpose }), el('input', { id: 'share-purpose', name: 'purpose', required: true, maxLength: 100 }),
      el('label', { htmlFor: 'share-lifetime', textContent: t.lifetime }), lifetime,
      el('label', {}, [el('input', { type: 'checkbox', name: 'singleUse' }), ` ${t.singleUse}`]),
      el('button', { type: 'submit', textContent: t.create }),
    );
    form.onsubmit = (ev) => {
      ev.preventDefault();
      createShare(l, form).catch(fail);
    };
    $('share-result').hidden = true;
    $('share').hidden = false;
  }

  async function createShare(l, form) {
    const fields = [...form.querySelectorAll('input[name=field]:checked')].map((i) => i.value);
    const { share } = await api(`/api/holder/licences/${l.id}/shares`, {
      fields, purpose: form.elements.purpose.value, lifetimeSeconds: Number(form.elements.lifetime.value), singleUse: form.elements.singleUse.checked,
    });
    const out = $('share-result');
    const revoke = el('button', { type: 'button', id: 'share-revoke', textContent: t.revoke });
    revoke.onclick = () => api(`/api/holder/shares/${share.id}/revoke`, {}).then(() => {
      revoke.replaceWith(el('p', { id: 'share-revoked', textContent: t.revoked }));
    }).catch(fail);
    out.replaceChildren(
      el('p', {}, [`${t.shareCode}: `, el('span', { className: 'share-code', id: 'share-code', textContent: share.code })]),
      el('p', {}, [`${t.shareLink}: `, el('a', { className: 'share-url', id: 'share-url', href: share.url, textContent: share.url, rel: 'noreferrer' })]),
      el('p', { textContent: `${t.expiresAt}: ${when(share.expiresAt)}` }),
      revoke,
    );
    out.hidden = false;
  }

  function fail(e) {
    status(`${t.failed}${e.message}`, true);
  }

  function show(signedIn) {
    $('signed-in').hidden = !signedIn;
    $('signed-out').hidden = signedIn;
  }

  async function start() {
    $('sign-in').onclick = () => signIn().catch(fail);
    $('sign-out').onclick = () => {
      sessionStorage.removeItem(KEY);
      location.assign(location.pathname);
    };
    const params = new URLSearchParams(location.search);
    if (params.has('code')) await finishSignIn(params);
    const s = saved();
    if (!s.token || s.until < Date.now()) return show(false);
    show(true);
    await listLicences();
  }

  start().catch((e) => {
    show(true);
    fail(e);
  });
})();
