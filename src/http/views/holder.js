// Holder portal script (served from this origin as /static/holder.js).
// The page is a public first-party client of yinxin: the browser signs in with the authorization
// code flow and PKCE (S256) (shared: /static/portal-sign-in.js) and calls /api/holder with the access token. The token lives only in
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

  const { el } = window.yinxinPortal;
  const auth = window.yinxinPortal.session(cfg, KEY, 'openid holder');

  // `prompt=select_org` asks yinxin to let the person choose again whom they act for: themself, or
  // an enterprise they represent or are an agent of (its licences are then listed).
  const signIn = (prompt) => auth.signIn(prompt ? { prompt } : {});

  async function finishSignIn(params) {
    const tokens = await auth.finishSignIn(params);
    // Whom the person acts for, for display only (the API decides what is theirs): the ID token's
    // `org` claim, read from its payload.
    let org = null;
    try {
      const payload = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(tokens.id_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))));
      org = payload.org ? payload.org.name : null;
    } catch {
      org = null;
    }
    auth.save({ org });
  }

  const { api } = auth;

  const status = (text, error = false) => {
    $('status').textContent = text;
    $('status').className = error ? 'error' : '';
  };
  const when = (iso) => new Date(iso).toLocaleString(cfg.lang === 'en' ? 'en-GB' : 'zh-CN');

  // The identifier in full, with a line-break opportunity after each dot only (<wbr>), so that on a
  // phone it wraps at its parts instead of letter by letter.
  const breakable = (id) => id.split(/(?<=\.)/).flatMap((part, i) => (i === 0 ? [part] : [el('wbr', {}), part]));

  // One card per licence: what it is, its identifier, status and term, and its actions (show it,
  // download its PDF or OFD), so that on a phone everything is within reach without sideways scrolling.
  function licenceCard(l) {
    const actions = [];
    if (l.validNow) actions.push(el('button', { type: 'button', className: 'show', textContent: t.show, onclick: () => openShare(l).catch(fail) }));
    actions.push(el('button', { type: 'button', className: 'download secondary', textContent: t.downloadPdf, onclick: () => download(l, 'pdf').catch(fail) }));
    actions.push(el('button', { type: 'button', className: 'download secondary', textContent: t.downloadOfd, onclick: () => download(l, 'ofd').catch(fail) }));
    const item = (label, value, className = '') => [el('dt', { textContent: label }), el('dd', { className }, Array.isArray(value) ? value : [value])];
    // The licence as it looks on paper, below the actions so that they stay within reach; filled
    // in once the list is shown (loadFace).
    const face = el('a', { className: 'licence-face', hidden: true, target: '_blank', title: t.faceOpen }, [
      el('img', { alt: `${t.face} ${l.typeName || l.typeCode} ${l.identifier}` }),
    ]);
    faces.set(l.id, face);
    return el('li', { className: 'licence-card' }, [
      el('h2', { textContent: l.typeName || l.typeCode }),
      el('dl', {}, [
        ...item(t.identifier, breakable(l.identifier), 'licence-id'),
        ...item(t.status, l.statusName || l.status),
        ...item(t.validUntil, l.validUntil || t.longTerm),
      ]),
      el('p', { className: 'licence-actions' }, actions),
      face,
    ]);
  }

  const faces = new Map();
  // Each face is fetched with the access token (an <img> could not carry it) and shown from a
  // blob URL, one after another so that the first card's comes first.
  async function loadFaces(licences) {
    for (const l of licences) {
      const face = faces.get(l.id);
      const res = await fetch(`/api/holder/licences/${l.id}/face`, { headers: { authorization: `Bearer ${auth.saved().token}` } });
      if (!res.ok || !face) continue;
      const url = URL.createObjectURL(await res.blob());
      face.href = url;
      face.firstChild.src = url;
      face.hidden = false;
    }
  }

  async function listLicences() {
    const { licences } = await api('/api/holder/licences');
    for (const face of faces.values()) URL.revokeObjectURL(face.href);
    faces.clear();
    $('licences').replaceChildren(...licences.map(licenceCard));
    $('licences').hidden = licences.length === 0;
    status(licences.length === 0 ? t.none : '');
    loadFaces(licences).catch(() => {});
  }

  // The sealed PDF or OFD, fetched with the access token (a plain link could not carry it) and handed to
  // the browser as a download under a name that says what it is.
  async function download(l, kind) {
    const res = await fetch(`/api/holder/licences/${l.id}/${kind}`, { headers: { authorization: `Bearer ${auth.saved().token}` } });
    if (!res.ok) {
      if (res.status === 401) {
        auth.clear();
        auth.show(false);
      }
      const json = await res.json().catch(() => ({}));
      throw new Error(json.error ? `${json.error.code} ${json.error.message || ''}`.trim() : String(res.status));
    }
    const url = URL.createObjectURL(await res.blob());
    const name = `${l.typeName || l.typeCode}-${l.identifier}.${kind}`.replace(/[\\/:*?"<>|\s]+/g, '_');
    const a = el('a', { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  async function openShare(l) {
    const detail = await api(`/api/holder/licences/${l.id}`);
    const boxes = detail.fields.filter((f) => f.shareable).map((f) => el('label', {}, [el('input', { type: 'checkbox', name: 'field', value: f.field }), ` ${f.label}`]));
    const lifetime = el('select', { name: 'lifetime', id: 'share-lifetime' }, Object.entries(t.lifetimes).map(([s, label]) => el('option', { value: s, textContent: label })));
    const form = $('share-form');
    form.replaceChildren(
      el('p', {}, [`${l.typeName} `, el('span', { className: 'licence-id' }, breakable(l.identifier))]),
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
    stopQr();
    $('share-result').hidden = true;
    $('share').hidden = false;
    // On a phone the panel opens below the cards, out of sight: bring it up and move focus there.
    $('share-heading').focus();
    $('share').scrollIntoView({ block: 'start' });
    await listShares(l);
  }

  // The on-screen QR code: a fresh short-lived token every minute while the share lasts, so a photo
  // of the screen soon stops working; the typed code and the link stay as created.
  let qrTimer = null;
  const stopQr = () => {
    clearTimeout(qrTimer);
    qrTimer = null;
  };
  async function renewQr(share) {
    stopQr();
    try {
      const { qr } = await api(`/api/holder/shares/${share.id}/qr`, {});
      $('share-qr').src = qr.image;
      $('share-qr').dataset.url = qr.url;
      qrTimer = setTimeout(() => renewQr(share).catch(fail), 60_000);
    } catch (e) {
      $('share-qr').hidden = true;
      $('share-qr-note').textContent = t.qrEnded;
      if (!/ERR_LICENCE_SHARE_EXPIRED|ERR_NOT_FOUND/.test(e.message)) throw e;
    }
  }

  async function createShare(l, form) {
    const fields = [...form.querySelectorAll('input[name=field]:checked')].map((i) => i.value);
    const { share } = await api(`/api/holder/licences/${l.id}/shares`, {
      fields, purpose: form.elements.purpose.value, lifetimeSeconds: Number(form.elements.lifetime.value), singleUse: form.elements.singleUse.checked,
    });
    const out = $('share-result');
    const revoke = el('button', { type: 'button', id: 'share-revoke', textContent: t.revoke });
    revoke.onclick = () => api(`/api/holder/shares/${share.id}/revoke`, {}).then(() => {
      stopQr();
      $('share-qr').hidden = true;
      $('share-qr-note').textContent = t.qrEnded;
      revoke.replaceWith(el('p', { id: 'share-revoked', textContent: t.revoked }));
      return listShares(l);
    }).catch(fail);
    out.replaceChildren(
      el('img', { id: 'share-qr', className: 'share-qr', alt: `${t.qrAlt} ${share.code}`, width: 240, height: 240 }),
      el('p', { id: 'share-qr-note', textContent: t.qrNote }),
      el('p', {}, [`${t.shareCode}: `, el('span', { className: 'share-code', id: 'share-code', textContent: share.code })]),
      el('p', {}, [`${t.shareLink}: `, el('a', { className: 'share-url', id: 'share-url', href: share.url, textContent: share.url, rel: 'noreferrer' })]),
      el('p', { textContent: `${t.expiresAt}: ${when(share.expiresAt)}` }),
      revoke,
    );
    out.hidden = false;
    await renewQr(share);
    await listShares(l);
  }

  // The licence's shares, newest first, each with who checked it and when.
  async function listShares(l) {
    const { shares } = await api(`/api/holder/licences/${l.id}/shares`);
    const verifier = (a) => (a.verifierKind === 'app' ? `${t.verifierApp} ${a.verifier || ''}` : t.verifierPublic) + (a.clientIpMasked ? ` (${a.clientIpMasked})` : '');
    const rows = shares.map((s) => el('tr', { className: 'share-row', id: `share-row-${s.code}` }, [
      el('td', { textContent: s.code }), el('td', { textContent: s.purpose }),
      el('td', { className: 'share-state', textContent: t.states[s.state] || s.state }), el('td', { textContent: when(s.expiresAt) }),
      el('td', {}, [s.accesses.length === 0 ? t.noAccess : el('ul', { className: 'share-accesses' }, s.accesses.map((a) => el('li', { textContent: `${when(a.at)} ${verifier(a)}` })))]),
    ]));
    const table = el('table', { id: 'history-table' }, [
      el('thead', {}, [el('tr', {}, [t.code, t.purpose, t.state, t.expiresAt, t.checks].map((h) => el('th', { textContent: h })))]),
      el('tbody', {}, rows),
    ]);
    $('history-list').replaceChildren(shares.length === 0 ? el('p', { textContent: t.noAccess }) : table);
    $('history-refresh').onclick = () => listShares(l).catch(fail);
    await listChecks(l);
  }

  // Checks of the licence itself (QR code, upload, identifier), as the audit chain recorded them.
  async function listChecks(l) {
    const { checks } = await api(`/api/holder/licences/${l.id}/checks`);
    const rows = checks.map((c) => el('tr', { className: 'check-row' }, [
      el('td', { textContent: when(c.at) }), el('td', { textContent: t.channels[c.channel] || c.channel || '' }),
      el('td', { textContent: c.verifierKind === 'app' ? `${t.verifierApp} ${c.verifier || ''}` : t.checkedPublic }), el('td', { textContent: c.result || '' }),
    ]));
    $('checks-list').replaceChildren(checks.length === 0 ? el('p', { textContent: t.noChecks }) : el('table', { id: 'checks-table' }, [
      el('thead', {}, [el('tr', {}, [t.checkedAt, t.channel, t.verifier, t.result].map((h) => el('th', { textContent: h })))]),
      el('tbody', {}, rows),
    ]));
  }

  // Every retrieval of the holder's licences by a government system for a service item (用证):
  // which system, which item, which fields, when, and on what ground; and the holder's consents,
  // each withdrawable while in force.
  async function listUses() {
    const { uses, consents } = await api('/api/holder/licence-uses');
    const fields = (u) => Object.values(u.fields).flat().join(', ');
    const ground = (u) => (u.consentId ? t.groundConsent : `${t.groundLaw}${u.legalBasis} ${t.caseNo}${u.caseNumber}`);
    $('uses-list').replaceChildren(uses.length === 0 ? el('p', { textContent: t.noUses }) : el('table', { id: 'uses-table' }, [
      el('thead', {}, [el('tr', {}, [t.usedAt, t.usedBy, t.usedFor, t.usedFields, t.usedGround].map((h) => el('th', { textContent: h })))]),
      el('tbody', {}, uses.map((u) => el('tr', { className: 'use-row' }, [when(u.at), u.appName, u.itemName, fields(u), ground(u)].map((v) => el('td', { textContent: v }))))),
    ]));
    $('consents-list').replaceChildren(consents.length === 0 ? el('p', { textContent: t.noConsents }) : el('table', { id: 'consents-table' }, [
      el('thead', {}, [el('tr', {}, [t.usedBy, t.usedFor, t.state, t.consentUntil, ''].map((h) => el('th', { textContent: h })))]),
      el('tbody', {}, consents.map((c) => el('tr', { className: 'consent-row' }, [
        el('td', { textContent: c.appName }), el('td', { textContent: `${c.itemName} (${t.modes[c.mode] || c.mode})` }),
        el('td', { textContent: t.consentStates[c.state] || c.state }), el('td', { textContent: when(c.expiresAt) }),
        el('td', {}, c.state === 'live' ? [el('button', { type: 'button', className: 'withdraw secondary', textContent: t.withdraw, onclick: () => withdrawConsent(c).catch(fail) })] : []),
      ]))),
    ]));
  }

  async function withdrawConsent(c) {
    await api(`/api/holder/licence-use-consents/${c.id}/withdraw`, {});
    status(t.withdrawn);
    await listUses();
  }

  function fail(e) {
    status(`${t.failed}${e.message}`, true);
  }

  async function start() {
    $('switch-org').onclick = () => signIn('select_org').catch(fail);
    const s = await auth.begin(fail, finishSignIn);
    if (s === null) return;
    $('acting').textContent = s.org ? `${t.actingFor}${s.org}` : t.actingSelf;
    await listLicences();
    await listUses();
  }

  start().catch((e) => {
    auth.show(true);
    fail(e);
  });
})();
