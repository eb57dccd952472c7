// Seal desk script (served from this origin as /static/seal-desk.js).
// The page is a public first-party client of yinxin: the browser signs in with the authorization
// code flow and PKCE (S256) (shared: /static/portal-sign-in.js) and calls /api/seals with the access token, kept only in this tab's
// sessionStorage. When a stamp is refused with the RFC 9470 challenge, the chosen file waits in
// IndexedDB and the form in sessionStorage while the browser signs in again with the challenge's
// acr_values and max_age; back on the page, both are restored and the clerk confirms again.
// Server data goes into text nodes and CSSOM properties only (CSP: no inline script or style).
(() => {
  'use strict';
  const root = document.getElementById('desk');
  const cfg = root.dataset;
  const t = JSON.parse(cfg.t);
  const $ = (id) => document.getElementById(id);
  const KEY = 'yinxin.sealdesk';
  const PENDING = 'yinxin.sealdesk.pending';
  const PT_PER_MM = 72 / 25.4;
  let me = null;
  let seals = [];
  let view = null;

  const { el } = window.yinxinPortal;
  const auth = window.yinxinPortal.session(cfg, KEY, 'openid staff seals');
  const { saved, signIn } = auth;
  const fill = (s, v) => s.replace(/\{(\w+)\}/g, (_m, k) => String(v[k] ?? ''));

  /** One IndexedDB request on the store of waiting files. */
  const idb = (mode, fn) => new Promise((resolve, reject) => {
    const open = indexedDB.open('yinxin-seal-desk', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('files');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction('files', mode);
      const req = fn(tx.objectStore('files'));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error);
    };
  });

  /** A document's media type by its first bytes: a ZIP is an OFD package, anything else a PDF. */
  const docType = (buf) => {
    const b = new Uint8Array(buf, 0, Math.min(2, buf.byteLength));
    return b[0] === 0x50 && b[1] === 0x4b ? 'application/ofd' : 'application/pdf';
  };

  const call = (path, init = {}) => fetch(path, {
    method: init.method || (init.json !== undefined || init.pdf !== undefined ? 'POST' : 'GET'),
    headers: {
      authorization: `Bearer ${saved().token}`,
      ...(init.json !== undefined ? { 'content-type': 'application/json' } : init.pdf !== undefined ? { 'content-type': docType(init.pdf) } : {}),
    },
    body: init.json !== undefined ? JSON.stringify(init.json) : init.pdf,
  });
  async function api(path, init) {
    const res = await call(path, init);
    const json = await res.json();
    if (!res.ok) throw new Error(json.error ? `${json.error.code} ${json.error.message || ''}` : String(res.status));
    return json;
  }

  const status = (text, error = false) => {
    $('status').textContent = text;
    $('status').className = error ? 'error' : '';
  };
  const fail = (e) => status(`${t.failed}${e.message}`, true);

  // ── Seals and grants ──────────────────────────────────────────────────────────────────────
  async function loadSeals() {
    ({ seals } = await api('/api/seals'));
    const approver = me.roles.includes('seal_approver');
    $('seals').tBodies[0].replaceChildren(...seals.map((s) => {
      const actions = [];
      if (approver && s.status === 'pending') {
        const note = el('input', { name: 'reason', maxLength: 200, required: true, ariaLabel: t.approveReason, placeholder: t.approveReason });
        const form = el('form', { className: 'inline' }, [note, el('button', { type: 'submit', textContent: t.approve })]);
        form.onsubmit = (ev) => {
          ev.preventDefault();
          api(`/api/seals/${s.id}/approve`, { json: { reason: note.value } }).then(() => loadSeals()).then(() => status(t.approved)).catch(fail);
        };
        actions.push(form);
      }
      return el('tr', { id: `seal-${s.id}` }, [
        el('td', { textContent: s.name }), el('td', { textContent: t.kinds[s.kind] || s.kind }), el('td', { textContent: s.code || '' }),
        el('td', { textContent: t.statuses[s.status] || s.status }), el('td', { textContent: s.granted ? t.yes : t.no }), el('td', {}, actions),
      ]);
    }));
    $('seals').hidden = seals.length === 0;
    const usable = seals.filter((s) => s.granted && s.status === 'active');
    const select = $('stamp-seal');
    const chosen = select.value;
    select.replaceChildren(...usable.map((s) => el('option', { value: s.id, textContent: `${s.name} ${s.code || ''}` })));
    if (usable.some((s) => s.id === chosen)) select.value = chosen;
    $('stamp-button').disabled = usable.length === 0;
    status(seals.length === 0 ? t.none : usable.length === 0 ? t.noGrantedSeal : '');
  }

  async function apply(ev) {
    ev.preventDefault();
    const f = $('apply-form').elements;
    const body = { kind: f.kind.value, owner: { kind: 'department', id: me.departmentId }, validityYears: Number(f.years.value) };
    if (f.kind.value === 'legal_representative' && f.personName.value.trim()) body.personName = f.personName.value.trim();
    await api('/api/seals', { json: body });
    await loadSeals();
    status(t.applied);
  }

  // ── Placing and previewing ────────────────────────────────────────────────────────────────
  const byKeyword = () => $('stamp-form').elements.by.value === 'keyword';
  const chosenSeal = () => seals.find((s) => s.id === $('stamp-seal').value);

  async function sealImage(s) {
    const res = await call(s.image.url);
    if (!res.ok) return null;
    const blob = await res.blob();
    return new Promise((resolve) => {
      const r = new FileReader();
      r.onload = () => resolve(r.result);
      r.readAsDataURL(blob);
    });
  }

  async function preview() {
    const file = $('stamp-file').files[0];
    if (!file) return;
    const page = Number($('stamp-page').value) || 1;
    const p = await api(`/desk/seals/preview?page=${page}`, { pdf: await file.arrayBuffer() });
    const [x1, y1, x2, y2] = p.mediaBox;
    const w = x2 - x1;
    const h = y2 - y1;
    const box = el('div', { className: 'page', tabIndex: 0, role: 'img', ariaLabel: fill(t.previewAlt, { page: p.page, count: p.pageCount }) });
    const holder = $('preview');
    holder.replaceChildren(box);
    holder.hidden = false;
    box.style.aspectRatio = `${w} / ${h}`;
    const scale = box.clientWidth / w;
    for (const run of p.text) {
      const span = el('span', { textContent: run.text, ariaHidden: 'true' });
      span.style.left = `${((run.x - x1) / w) * 100}%`;
      span.style.bottom = `${((run.y - y1) / h) * 100}%`;
      span.style.fontSize = `${Math.max(4, run.size * scale)}px`;
      box.append(span);
    }
    const s = chosenSeal();
    const mark = el('img', { className: 'seal-mark', alt: '' });
    if (s && s.image) {
      const src = await sealImage(s);
      if (src) mark.src = src;
      mark.style.width = `${s.image.widthMm * PT_PER_MM * scale}px`;
      mark.style.height = `${s.image.heightMm * PT_PER_MM * scale}px`;
    }
    box.append(mark);
    view = { box, mark, x1, y1, w, h, text: p.text };
    placeMark();
    box.onclick = (ev) => {
      if (byKeyword()) return;
      const r = box.getBoundingClientRect();
      $('stamp-x').value = String(Math.round(x1 + ((ev.clientX - r.left) / r.width) * w));
      $('stamp-y').value = String(Math.round(y1 + ((r.bottom - ev.clientY) / r.height) * h));
      placeMark();
    };
    // Arrow keys move the seal by 10 points (with Shift by 50), for those who do not point.
    box.onkeydown = (ev) => {
      const step = ev.shiftKey ? 50 : 10;
      const d = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] }[ev.key];
      if (!d || byKeyword()) return;
      ev.preventDefault();
      $('stamp-x').value = String(Number($('stamp-x').value) + d[0]);
      $('stamp-y').value = String(Number($('stamp-y').value) + d[1]);
      placeMark();
    };
  }

  function placeMark() {
    if (!view) return;
    let x = Number($('stamp-x').value);
    let y = Number($('stamp-y').value);
    if (byKeyword()) {
      const word = $('stamp-keyword').value.trim();
      const run = word ? view.text.find((r) => r.text.includes(word)) : undefined;
      view.mark.hidden = !run;
      if (!run) return;
      x = run.x + run.size * (run.text.indexOf(word) + word.length / 2);
      y = run.y + run.size / 3;
    }
    view.mark.hidden = false;
    view.mark.style.left = `${((x - view.x1) / view.w) * 100}%`;
    view.mark.style.bottom = `${((y - view.y1) / view.h) * 100}%`;
  }

  // ── Stamping, with step-up ────────────────────────────────────────────────────────────────
  // The form's place is in points from the lower left for both kinds; an OFD file takes
  // millimetres from the top left, so its place is turned over the previewed page's height
  // (A4 when there was no preview).
  function stampQuery(ofd) {
    const f = $('stamp-form').elements;
    const q = new URLSearchParams({ reason: f.reason.value });
    if (byKeyword()) {
      q.set('keyword', f.keyword.value);
    } else {
      q.set('page', f.page.value);
      const height = view ? view.y1 + view.h : 297 * PT_PER_MM;
      const mm = (pt) => String(Math.round((pt / PT_PER_MM) * 10) / 10);
      q.set('x', ofd ? mm(Number(f.x.value)) : f.x.value);
      q.set('y', ofd ? mm(height - Number(f.y.value)) : f.y.value);
    }
    return q;
  }

  async function stamp(ev) {
    ev.preventDefault();
    const file = $('stamp-file').files[0];
    const s = chosenSeal();
    if (!file || !s) return;
    // The last stamped file's link goes as soon as another stamping starts: it must not pass for the new one.
    $('stamp-result').hidden = true;
    $('stamp-result').replaceChildren();
    const body = await file.arrayBuffer();
    const ofd = docType(body) === 'application/ofd';
    const res = await call(`/api/seals/${s.id}/stamp?${stampQuery(ofd)}`, { pdf: body });
    const challenge = res.headers.get('www-authenticate') || '';
    if (res.status === 401 && challenge.includes('insufficient_user_authentication')) {
      const acr = /acr_values="([^"]*)"/.exec(challenge);
      const age = /max_age=(\d+)/.exec(challenge);
      const f = $('stamp-form').elements;
      await idb('readwrite', (store) => store.put(file, 'file'));
      sessionStorage.setItem(PENDING, JSON.stringify({
        name: file.name, seal: s.id, by: f.by.value, page: f.page.value, x: f.x.value, y: f.y.value, keyword: f.keyword.value, reason: f.reason.value,
      }));
      status(t.stepUp);
      await signIn({ ...(acr ? { acr_values: acr[1] } : {}), ...(age ? { max_age: age[1] } : {}) });
      return;
    }
    if (!res.ok) {
      const json = await res.json().catch(() => ({}));
      throw new Error(json.error ? `${json.error.code} ${json.error.message || ''}` : String(res.status));
    }
    const blob = await res.blob();
    const link = el('a', { id: 'stamped-link', href: URL.createObjectURL(blob), download: `${file.name.replace(/\.(pdf|ofd)$/i, '')}-sealed.${ofd ? 'ofd' : 'pdf'}`, textContent: t.download });
    const out = $('stamp-result');
    out.replaceChildren(el('p', { textContent: t.stamped }), el('p', {}, [link]));
    out.hidden = false;
    status('');
    link.focus();
  }

  /** After a step-up: the form and the file as they were. */
  async function restorePending() {
    const text = sessionStorage.getItem(PENDING);
    if (!text) return;
    sessionStorage.removeItem(PENDING);
    const p = JSON.parse(text);
    const blob = await idb('readwrite', (store) => store.get('file'));
    await idb('readwrite', (store) => store.delete('file'));
    const f = $('stamp-form').elements;
    if (blob) {
      const dt = new DataTransfer();
      dt.items.add(new File([blob], p.name, { type: /\.ofd$/i.test(p.name) ? 'application/ofd' : 'application/pdf' }));
      $('stamp-file').files = dt.files;
    }
    for (const k of ['page', 'x', 'y', 'keyword', 'reason']) f[k].value = p[k];
    f.by.value = p.by;
    if ([...$('stamp-seal').options].some((o) => o.value === p.seal)) $('stamp-seal').value = p.seal;
    if (blob) await preview().catch(fail);
    status(t.stepUpDone);
    $('stamp-button').focus();
  }

  async function start() {
    $('apply-form').onsubmit = (ev) => apply(ev).catch(fail);
    $('stamp-form').onsubmit = (ev) => stamp(ev).catch(fail);
    $('preview-button').onclick = () => preview().catch(fail);
    for (const id of ['stamp-x', 'stamp-y', 'stamp-keyword']) $(id).oninput = placeMark;
    for (const r of $('stamp-form').elements.by) r.onchange = placeMark;
    $('stamp-page').onchange = () => { if (view) preview().catch(fail); };
    $('stamp-seal').onchange = () => { if (view) preview().catch(fail); };
    const s = await auth.begin(fail);
    if (s === null) return;
    me = await api('/desk/seals/me');
    $('who').textContent = me.name;
    await loadSeals();
    await restorePending();
  }

  start().catch((e) => {
    auth.show(true);
    fail(e);
  });
})();
