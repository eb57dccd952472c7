// The legal representative's agents page (served from this origin as /static/enterprise-agents.js).
// A public first-party client of yinxin, like the holder portal: the browser signs in with the
// authorization code flow and PKCE (S256) (shared: /static/portal-sign-in.js) and calls /api/enterprises with the access token, kept
// only in this tab's sessionStorage. Server data goes into text nodes only.
(() => {
  'use strict';
  const root = document.getElementById('agents-page');
  const cfg = root.dataset;
  const t = JSON.parse(cfg.t);
  const $ = (id) => document.getElementById(id);
  const KEY = 'yinxin.enterprise';

  const { el } = window.yinxinPortal;
  const auth = window.yinxinPortal.session(cfg, KEY, 'openid enterprise');
  const { api } = auth;

  const status = (text, error = false) => {
    $('status').textContent = text;
    $('status').className = error ? 'error' : '';
  };
  const when = (iso) => new Date(iso).toLocaleDateString(cfg.lang === 'en' ? 'en-GB' : 'zh-CN');
  const enterprise = () => $('enterprise').value;

  async function listAgents() {
    const { agents } = await api(`/api/enterprises/${encodeURIComponent(enterprise())}/agents`);
    $('agents').tBodies[0].replaceChildren(...agents.map((a) => {
      const revoke = el('button', { type: 'button', className: 'secondary', textContent: t.revoke });
      revoke.onclick = () => api(`/api/enterprises/${encodeURIComponent(enterprise())}/agents/${encodeURIComponent(a.id)}/revoke`, {})
        .then(() => listAgents()).then(() => status(t.revokedDone)).catch(fail);
      return el('tr', {}, [
        el('td', { textContent: a.agent.name }), el('td', { textContent: a.agent.idNumberMasked || '' }),
        el('td', { textContent: a.scope === 'all' ? t.all : a.scope.join(', ') }), el('td', { textContent: when(a.expiresAt) }),
        el('td', { textContent: a.current ? t.current : t.lapsed }), el('td', {}, [revoke]),
      ]);
    }));
    $('agents').hidden = agents.length === 0;
    status(agents.length === 0 ? t.noAgents : '');
  }

  async function grant(form) {
    const apps = form.elements.scope.value.split(/[,，\s]+/).filter(Boolean);
    const day = form.elements.expires.value;
    await api(`/api/enterprises/${encodeURIComponent(enterprise())}/agents`, {
      agent: { idNumber: form.elements.idNumber.value.trim() },
      scope: apps.length ? apps : 'all',
      expiresAt: new Date(`${day}T23:59:59+08:00`).toISOString(),
    });
    form.reset();
    await listAgents();
    status(t.granted);
  }

  function fail(e) {
    status(`${t.failed}${e.message}`, true);
  }

  async function start() {
    const s = await auth.begin(fail);
    if (s === null) return;
    const { enterprises } = await api('/api/enterprises');
    if (enterprises.length === 0) return status(t.noEnterprises);
    $('enterprise').replaceChildren(...enterprises.map((e) => el('option', { value: e.id, textContent: `${e.name}（${e.creditCode}）` })));
    $('enterprise').hidden = false;
    $('enterprise-label').hidden = false;
    $('enterprise').onchange = () => listAgents().catch(fail);
    const form = $('grant-form');
    form.hidden = false;
    form.onsubmit = (ev) => {
      ev.preventDefault();
      grant(form).catch(fail);
    };
    await listAgents();
  }

  start().catch((e) => {
    auth.show(true);
    fail(e);
  });
})();
