// Sign-in for yinxin's own pages that are public first-party apps (the holder portal, the seal
// desk, the agents page, the app administration page, the city-app demo), served from this
// origin as /static/portal-sign-in.js before each page's own script. The browser signs in with
// the authorization code flow and PKCE (S256); the verifier, the state and then the access token
// live only in this tab's sessionStorage under the page's key. A page passes its data attributes
// (client id, endpoints, redirect URI, API resource, language) and the scope it asks for. Every
// such page has #sign-in and #sign-out buttons and #signed-in / #signed-out sections.
(() => {
  'use strict';
  const b64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const random = () => b64url(crypto.getRandomValues(new Uint8Array(32)));

  /** A DOM element with properties and children (text goes in as text nodes, never as HTML). */
  const el = (tag, props = {}, children = []) => {
    const e = document.createElement(tag);
    Object.assign(e, props);
    for (const c of children) e.append(c);
    return e;
  };

  function session(cfg, key, scope) {
    const saved = () => JSON.parse(sessionStorage.getItem(key) || '{}');
    /** Merges `v` into what is kept (a key set to undefined is dropped). */
    const save = (v) => sessionStorage.setItem(key, JSON.stringify({ ...saved(), ...v }));
    const clear = () => sessionStorage.removeItem(key);
    const show = (signedIn) => {
      document.getElementById('signed-in').hidden = !signedIn;
      document.getElementById('signed-out').hidden = signedIn;
    };

    /** Off to yinxin's authorization endpoint; `extra` adds parameters (prompt, acr_values, max_age). */
    async function signIn(extra = {}) {
      const verifier = random();
      const state = random();
      save({ verifier, state });
      const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
      const q = new URLSearchParams({
        client_id: cfg.clientId, response_type: 'code', redirect_uri: cfg.redirectUri, scope,
        resource: cfg.resource, state, code_challenge: challenge, code_challenge_method: 'S256', ui_locales: cfg.lang === 'en' ? 'en' : 'zh-CN', ...extra,
      });
      location.assign(`${cfg.authorize}?${q}`);
    }

    /** Back from yinxin with `code` and `state`: checks the state, redeems the code, keeps the access token; the token response. */
    async function finishSignIn(params) {
      const { verifier, state } = saved();
      save({ verifier: undefined, state: undefined });
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
      return tokens;
    }

    /**
     * GET (no body) or POST JSON to yinxin's API with the access token; the parsed answer, or an
     * Error naming the error code. On 401 the token is dropped and the signed-out section shown.
     */
    async function api(path, body) {
      const res = await fetch(path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${saved().token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await res.json();
      if (res.status === 401) {
        clear();
        show(false);
      }
      if (!res.ok) {
        // Which field was refused and why (a redirect URI, say), as the API names it.
        const issues = Array.isArray(json.error?.issues) ? json.error.issues.map((i) => `${(i.path || []).join('.')}: ${i.message}`).join('; ') : '';
        throw new Error(json.error ? `${json.error.code} ${json.error.message || ''} ${issues}`.trim() : String(res.status));
      }
      return json;
    }

    /**
     * The page's start: wires #sign-in and #sign-out, finishes a sign-in coming back from yinxin
     * (with `finish`, by default finishSignIn), and shows the section that fits. Resolves with
     * what is kept while the access token is current, else null.
     */
    async function begin(fail, finish = finishSignIn) {
      document.getElementById('sign-in').onclick = () => signIn().catch(fail);
      document.getElementById('sign-out').onclick = () => {
        clear();
        location.assign(location.pathname);
      };
      const params = new URLSearchParams(location.search);
      if (params.has('code')) await finish(params);
      const s = saved();
      const signedIn = Boolean(s.token) && s.until >= Date.now();
      show(signedIn);
      return signedIn ? s : null;
    }

    return { saved, save, clear, show, signIn, finishSignIn, api, begin };
  }

  window.yinxinPortal = { el, session };
})();
