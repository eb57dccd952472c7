// QR-scan login on the sign-in page: ask for a code bound to this sign-in, show it, ask every
// 1.5 s what became of it; on confirmation complete the sign-in and follow it on. A pending code
// that expires is replaced at once (a few times, then on request); a declined or expired scan
// says so and offers a fresh code.
(function () {
  'use strict';
  var box = document.getElementById('qr-login');
  var image = document.getElementById('qr-image');
  var state = document.getElementById('qr-state');
  var refresh = document.getElementById('qr-refresh');
  if (!box || !image || !state || !refresh) return;
  var d = box.dataset;
  var t = JSON.parse(d.t);
  var POLL_MS = 1500;
  var AUTO_RENEWALS = 4;
  var code = null;
  var timer = null;
  var renewals = 0;
  var last = null;

  function post(url, body) {
    body.csrf = d.csrf;
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' })
      .then(function (res) {
        // A finished or unknown sign-in answers with an error page, not JSON.
        return res.json().catch(function () { return {}; }).then(function (json) {
          if (!res.ok) throw new Error((json.error && json.error.code) || String(res.status));
          return json;
        });
      });
  }

  function say(text, stopped) {
    state.textContent = text;
    box.dataset.state = stopped || '';
    refresh.hidden = !stopped;
    if (stopped) {
      image.hidden = true;
      clearTimeout(timer);
    }
  }

  function fail(e) {
    say(t.failed.replace('{code}', e.message), 'failed');
  }

  function issue() {
    clearTimeout(timer);
    refresh.hidden = true;
    post(d.issue, {}).then(function (r) {
      code = r.code;
      image.src = r.qr;
      image.hidden = false;
      last = 'pending';
      say(t.pending, '');
      timer = setTimeout(poll, POLL_MS);
    }).catch(fail);
  }

  function poll() {
    post(d.status, { code: code }).then(function (r) {
      var before = last;
      last = r.status;
      if (r.status === 'pending' || r.status === 'scanned') {
        say(r.status === 'pending' ? t.pending : t.scanned, '');
        timer = setTimeout(poll, POLL_MS);
      } else if (r.status === 'confirmed') {
        say(t.confirmed, '');
        return post(d.complete, { code: code }).then(function (done) { location.assign(done.redirect); });
      } else if (r.status === 'declined') {
        say(t.declined, 'declined');
      } else if (r.status === 'expired' && before === 'pending' && renewals < AUTO_RENEWALS) {
        renewals += 1;
        issue();
      } else {
        say(t.expired, 'expired');
      }
    }).catch(fail);
  }

  refresh.addEventListener('click', function () {
    renewals = 0;
    issue();
  });
  issue();
}());
