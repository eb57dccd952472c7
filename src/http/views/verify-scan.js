// Camera scanning on the verification page. Frames from the device camera are drawn on a canvas
// and read with jsQR (served from this origin as /static/jsqr.js); a code found goes into the
// typed-code field and the form is sent, just as a scanner gun typing into the field would do.
// Without a camera API or jsQR the button stays hidden and the page works as before.
(function () {
  'use strict';
  var button = document.getElementById('scan');
  var video = document.getElementById('scan-video');
  var status = document.getElementById('scan-status');
  var input = document.getElementById('q');
  var decode = window.jsQR;
  if (!button || !video || !input || typeof decode !== 'function' || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  var canvas = document.createElement('canvas');
  var context = canvas.getContext('2d', { willReadFrequently: true });
  var stream = null;
  var SCAN_INTERVAL_MS = 150;

  function say(text) {
    if (status) status.textContent = text || '';
  }

  function stop() {
    if (stream) stream.getTracks().forEach(function (t) { t.stop(); });
    stream = null;
    video.hidden = true;
    button.textContent = button.getAttribute('data-start');
  }

  function frame() {
    if (!stream) return;
    if (video.readyState >= 2 && video.videoWidth > 0) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var pixels = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = decode(pixels.data, pixels.width, pixels.height, { inversionAttempts: 'dontInvert' });
      if (code && code.data) {
        input.value = code.data;
        stop();
        say(button.getAttribute('data-found'));
        if (input.form && input.form.requestSubmit) input.form.requestSubmit();
        else if (input.form) input.form.submit();
        return;
      }
    }
    // A few reads a second find a code at once for a person and leave the CPU to the page (and
    // to slow phones) instead of decoding every animation frame.
    window.setTimeout(frame, SCAN_INTERVAL_MS);
  }

  button.addEventListener('click', function () {
    if (stream) return stop();
    say(button.getAttribute('data-starting'));
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false }).then(function (s) {
      stream = s;
      video.srcObject = s;
      video.hidden = false;
      button.textContent = button.getAttribute('data-stop');
      say(button.getAttribute('data-aim'));
      // The frame loop waits for decoded frames itself, so it starts at once rather than when
      // play() settles: a busy or battery-saving device may hold that promise back for long.
      var playing = video.play();
      if (playing && playing.catch) playing.catch(function () {});
      frame();
    }).catch(function () {
      stop();
      say(button.getAttribute('data-denied'));
    });
  });
  button.hidden = false;
})();
