// Certificate login on the sign-in page: fetch a one-time challenge, have the USB key's local
// signing middleware sign it (docs/cert-login.md), post the signature, follow the sign-in on.
(function () {
  'use strict';
  var box = document.getElementById('cert-login');
  var button = document.getElementById('cert-start');
  var error = document.getElementById('cert-error');
  if (!box || !button || !error) return;
  var d = box.dataset;

  function show(text) {
    error.textContent = text;
    error.hidden = false;
    button.disabled = false;
  }

  function post(url, body) {
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' })
      .then(function (res) { return res.json().then(function (json) { return { ok: res.ok, json: json }; }); });
  }

  button.addEventListener('click', function () {
    var challenge = null;
    button.disabled = true;
    error.hidden = true;
    post(d.challenge, { csrf: d.csrf }).then(function (c) {
      if (!c.ok) throw new Error((c.json.error && c.json.error.code) || 'ERR_CERT_LOGIN_CHALLENGE');
      challenge = c.json.challenge;
      return fetch(d.middleware, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ version: 1, operation: 'sign', challenge: challenge, origin: location.origin }),
      }).then(function (res) { return res.json(); }, function () { throw new Error('NO_MIDDLEWARE'); });
    }).then(function (signed) {
      if (signed.error) throw new Error(signed.error);
      return post(d.action, { csrf: d.csrf, challenge: challenge, certificate: signed.certificate, chain: signed.chain || [], signature: signed.signature });
    }).then(function (r) {
      if (!r.ok) throw new Error((r.json.error && r.json.error.code) || 'ERR_INTERNAL');
      location.assign(r.json.redirect);
    }).catch(function (e) {
      show(e.message === 'NO_MIDDLEWARE' ? d.noMiddleware : d.failed.replace('{code}', e.message));
    });
  });
}());
