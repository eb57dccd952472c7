// App administration script (served from this origin as /static/admin-apps.js).
// The page is a public first-party client of yinxin: the administrator signs in with the
// authorization code flow and PKCE (S256) (shared: /static/portal-sign-in.js), with a one-time password as the admin API requires,
// and the page calls /api/admin/apps with the access token, kept only in this tab's
// sessionStorage. Server data goes into text nodes only, never into HTML.
(() => {
  'use strict';
  const root = document.getElementById('admin-apps');
  const cfg = root.dataset;
  const t = JSON.parse(cfg.t);
  const $ = (id) => document.getElementById(id);
  const KEY = 'yinxin.admin-apps';

  const { el } = window.yinxinPortal;
  const auth = window.yinxinPortal.session(cfg, KEY, 'openid staff admin');
  const { api } = auth;

  const status = (text, error = false) => {
    $('status').textContent = text;
    $('status').className = error ? 'error' : '';
  };
  const fail = (e) => status(`${t.failed}${e.message}`, true);

  async function listApps() {
    const { apps } = await api('/api/admin/apps');
    $('apps').tBodies[0].replaceChildren(...apps.map((a) => el('tr', {}, [
      el('td', {}, [el('code', { textContent: a.clientId })]), el('td', { textContent: a.name }),
      el('td', { textContent: t.kindsShort[a.kind] || a.kind }), el('td', { textContent: t.statuses[a.status] || a.status }),
      el('td', { textContent: `${t.subjects[a.subjectType] || a.subjectType}${a.sector ? ` (${a.sector})` : ''}` }),
      el('td', { textContent: a.idTokenAlg }), el('td', { textContent: t.refreshPolicies[a.refreshPolicy] || a.refreshPolicy }),
    ])));
    status(apps.length === 0 ? t.none : '');
  }

  async function register(form) {
    const f = new FormData(form);
    const body = {
      name: f.get('name'), kind: f.get('kind'), applicationType: f.get('applicationType'), public: f.get('public') === 'on',
      redirectUris: String(f.get('redirectUris')).split('\n').map((s) => s.trim()).filter(Boolean),
      grantTypes: f.getAll('grantTypes'), scopes: String(f.get('scopes')).split(/\s+/).filter(Boolean),
      idTokenAlg: f.get('idTokenAlg'), refreshPolicy: f.get('refreshPolicy'), fullIdNumber: f.get('fullIdNumber') === 'on',
      ...(String(f.get('sector')).trim() ? { sector: String(f.get('sector')).trim() } : {}),
    };
    const { clientId, clientSecret } = await api('/api/admin/apps', body);
    const box = $('created');
    box.replaceChildren(el('p', { textContent: clientSecret ? t.created : t.createdPublic }), el('p', {}, [el('code', { id: 'created-client-id', textContent: clientId })]),
      ...(clientSecret ? [el('p', {}, [el('code', { id: 'created-secret', textContent: clientSecret })])] : []));
    box.hidden = false;
    form.reset();
    await listApps();
  }

  async function start() {
    $('register').onsubmit = (ev) => {
      ev.preventDefault();
      register(ev.target).catch(fail);
    };
    const s = await auth.begin(fail);
    if (s === null) return;
    await listApps();
  }

  start().catch((e) => {
    auth.show(true);
    fail(e);
  });
})();
