(function () {
  if (window.svkitA11y) { return; }
  window.svkitA11y = true;
  function fix(root) {
    root.querySelectorAll('.widget-slider, .jupyter-widget-slider').forEach(function (box) {
      var label = box.querySelector('.widget-label, label');
      var name = label ? label.textContent.trim() : '';
      box.querySelectorAll('[role="slider"], .noUi-handle').forEach(function (h) {
        if (name && h.getAttribute('aria-label') !== name) { h.setAttribute('aria-label', name); }
      });
    });
    root.querySelectorAll('.svkit-status').forEach(function (el) {
      if (el.getAttribute('aria-live') !== 'polite') {
        el.setAttribute('role', 'status'); el.setAttribute('aria-live', 'polite');
      }
    });
    root.querySelectorAll('.svkit-banner').forEach(function (el) {
      if (el.getAttribute('role') !== 'alert') { el.setAttribute('role', 'alert'); }
    });
  }
  fix(document);
  new MutationObserver(function () { fix(document); })
    .observe(document.body, {childList: true, subtree: true});
  /* A file over an upload's limit is refused here, before it is sent: a message too large for
     the page's connection would close it, and the page would stop answering. The upload widget
     reads the chosen file with a FileReader (its file input is not in the page), so the check
     sits there: an oversized file is never read, and the widget is told the read was abandoned. */
  var read = FileReader.prototype.readAsArrayBuffer;
  FileReader.prototype.readAsArrayBuffer = function (file) {
    var box = document.querySelector('[class*="svkit-max-bytes-"]');
    var limit = box ? +(/svkit-max-bytes-(\d+)/.exec(box.className) || [0, 0])[1] : 0;
    var old = document.querySelector('.svkit-upload-refused');
    if (old) { old.remove(); }
    if (limit && file && file.size > limit) {
      var note = document.createElement('p');
      note.className = 'svkit-msg svkit-msg-error svkit-upload-refused';
      note.setAttribute('role', 'alert');
      note.textContent = '✗ ‘' + file.name + '’ is ' + (file.size / 1e6).toFixed(1)
        + ' MB; the limit is ' + (limit / 1e6) + ' MB. Nothing was sent or changed.';
      box.parentNode.insertBefore(note, box.nextSibling);
      var reader = this;
      setTimeout(function () { if (reader.onabort) { reader.onabort(); } }, 0);
      return undefined;
    }
    return read.call(this, file);
  };
})();
(function () {
  /* Is this page still saving? The kernel bumps the heartbeat every few seconds. When it stops
     (server killed, kernel gone, network down) the page says so at once, keeps what was typed
     in the browser, and when the server answers again reloads with the same identity and puts
     the unsaved text back, so it is saved. */
  if (window.svkitHeartbeat) { return; }
  window.svkitHeartbeat = true;
  var STALE_MS = %(stale_ms)d;
  var lastBeat = null, lastSeen = Date.now(), down = false, aliveSince = 0;
  function key() {  /* read each time: the app writes the identity into the URL after loading */
    var p = new URLSearchParams(window.location.search).get('p') || '';
    return 'svkit-drafts:' + window.location.pathname + ':' + p;
  }
  var base = (document.body.getAttribute('data-base-url') || '/voila/').replace(/voila\/$/, '');
  function fields() {
    return Array.prototype.slice.call(document.querySelectorAll(
      '.svkit-app textarea, .svkit-app input[type="text"]'));
  }
  function drafts() { try { return JSON.parse(sessionStorage.getItem(key()) || '{}'); } catch (e) { return {}; } }
  function keep(d) { try { sessionStorage.setItem(key(), JSON.stringify(d)); } catch (e) {} }
  /* A keystroke only notes which box changed; the draft is written just after, in its own task,
     so keeping it never delays the keystroke's own message to the kernel. */
  var typed = null;
  function writeDrafts() {
    if (!typed) { return; }
    var now = typed; typed = null;
    var d = drafts(), list = fields();
    now.forEach(function (t, el) { var i = list.indexOf(el); if (i >= 0) { d[i] = {v: el.value, t: t}; } });
    keep(d);
  }
  document.addEventListener('input', function (ev) {
    var el = ev.target;
    if (!el || !(el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && el.type === 'text'))) { return; }
    if (!typed) { typed = new Map(); setTimeout(writeDrafts, 0); }
    typed.set(el, Date.now());
  }, true);
  window.addEventListener('pagehide', writeDrafts);
  function banner(show) {
    var el = document.getElementById('svkit-not-saving');
    if (show && !el) {
      el = document.createElement('div');
      el.id = 'svkit-not-saving';
      el.className = 'svkit-not-saving';
      el.setAttribute('role', 'alert');
      el.textContent = 'Not saving: your latest changes are not stored. Keep this page open: '
        + 'what you typed stays here, and the page reconnects by itself when the server is back.';
      document.body.insertBefore(el, document.body.firstChild);
      document.querySelectorAll('.svkit-save-status').forEach(function (s) {
        s.textContent = 'Not saved: the page has lost its connection.';
      });
    } else if (!show && el) { el.remove(); }
  }
  function restore() {
    writeDrafts();
    var d = drafts(), list = fields(), changed = false;
    Object.keys(d).forEach(function (i) {
      var el = list[+i];
      if (el && el.value !== d[i].v) {
        el.value = d[i].v; changed = true;
        el.dispatchEvent(new Event('input', {bubbles: true}));
        el.dispatchEvent(new Event('change', {bubbles: true}));
      }
    });
    return changed;
  }
  var restored = false;
  setInterval(function () {
    var hb = document.querySelector('.svkit-heartbeat');
    if (!hb) { return; }
    var now = Date.now(), value = hb.textContent;
    if (value !== lastBeat) {
      lastBeat = value; lastSeen = now;
      if (down) { down = false; banner(false); }
      if (!restored && document.querySelector('.%(ready)s')) { restored = true; restore(); }
      if (restored && !document.querySelector('.svkit-store-error')) {
        writeDrafts();
        var d = drafts(), kept = {};
        Object.keys(d).forEach(function (i) { if (now - d[i].t < 4000) { kept[i] = d[i]; } });
        keep(kept);
      }
      return;
    }
    if (!down && now - lastSeen > STALE_MS) { down = true; aliveSince = 0; banner(true); }
    if (down) {
      fetch(base + 'svkit/api/alive', {cache: 'no-store'}).then(function (r) {
        if (r.status !== 204) { aliveSince = 0; return; }
        if (!aliveSince) { aliveSince = Date.now(); }
        if (Date.now() - aliveSince > STALE_MS / 2) { window.location.reload(); }
      }).catch(function () { aliveSince = 0; });
    }
  }, 1000);
})();
