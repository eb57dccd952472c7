// Follows a running import on its page: polls the job's progress (the element's data-progress
// URL answers the job as JSON), shows the count and the bar, and once the job has ended brings
// in the page's final state (its errors) from the server. Same-origin; no inline code (CSP).
(function () {
  'use strict';
  var section = document.getElementById('job');
  if (!section || !section.dataset.progress) return;
  var url = section.dataset.progress;
  var words = JSON.parse(section.dataset.words || '{}');
  var bar = document.getElementById('job-bar');
  var counts = document.getElementById('job-counts');
  function fill(t, v) { return String(t).replace(/\{(\w+)\}/g, function (_m, k) { return v[k] === undefined ? '' : String(v[k]); }); }
  function finish() {
    fetch(location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } }).then(function (r) { return r.text(); }).then(function (html) {
      var next = new DOMParser().parseFromString(html, 'text/html').getElementById('job');
      if (next) section.innerHTML = next.innerHTML;
      section.removeAttribute('data-progress');
    }).catch(function () { location.reload(); });
  }
  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    }).then(function (body) {
      var job = body.summary;
      bar.max = Math.max(job.total, 1);
      bar.value = job.processed;
      bar.textContent = job.processed + '/' + job.total;
      counts.textContent = fill(words.counts, { total: job.total, processed: job.processed, ok: job.ok, failed: job.failed });
      if (job.state !== 'running') finish();
      else setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
