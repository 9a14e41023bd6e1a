// Browser glue for the app, linked with --js-library. Every function is prefixed es_ and is
// called from C++ (src/platform). Kept small: the app logic lives in C++.
mergeInto(LibraryManager.library, {
  // Layout size of the canvas in CSS pixels; the backing store is this times devicePixelRatio.
  es_canvas_css_width: function () {
    return Module['canvas'].getBoundingClientRect().width;
  },
  es_canvas_css_height: function () {
    return Module['canvas'].getBoundingClientRect().height;
  },
  es_device_pixel_ratio: function () {
    return window.devicePixelRatio || 1;
  },

  // Tells the page shell (web/loader.js) that a frame is on screen, so it can hide the loader.
  es_notify_first_frame: function () {
    if (Module['onFirstFrame']) Module['onFirstFrame']();
  },

  // Tells the page shell that the app cannot start; kind "webgl2" or "other", with a detail.
  es_report_startup_error: function (kind, detail) {
    if (Module['onStartupError']) Module['onStartupError'](UTF8ToString(kind), UTF8ToString(detail));
  },

  // Opens a further-reading link in a new tab, never in place of the sandbox.
  es_open_url: function (urlPtr) {
    window.open(UTF8ToString(urlPtr), '_blank', 'noopener');
  },

  // The lesson named in the address (#lesson=<id>), as a new string for C++ to free ('' if none).
  es_requested_lesson: function () {
    const m = /(?:^#|&)lesson=([a-z0-9-]+)/.exec(window.location.hash || '');
    const s = m ? m[1] : '';
    const n = lengthBytesUTF8(s) + 1, p = _malloc(n);
    stringToUTF8(s, p, n);
    return p;
  },
  // Follows the address when the learner edits it or goes back.
  es_install_hash_listener: function () {
    window.addEventListener('hashchange', function () { _es_on_hash_change(); });
  },
  // Shows the open lesson in the address (replaceState: no new history entry, no hashchange).
  es_set_lesson_hash: function (idPtr) {
    const id = UTF8ToString(idPtr);
    const url = window.location.pathname + window.location.search + (id ? '#lesson=' + id : '');
    history.replaceState(null, '', url);
  },

  // Installs Module.esTest, the end-to-end tests' window into the app. It only reads: widgets
  // are found here, then clicked with real mouse events like a person would.
  es_install_test_hook: function () {
    function toPage(px) {
      // Widget rectangles come in canvas pixels; tests move the mouse in CSS page pixels.
      const canvas = Module['canvas'];
      const r = canvas.getBoundingClientRect();
      const sx = r.width / canvas.width, sy = r.height / canvas.height;
      const x = r.left + px[0] * sx, y = r.top + px[1] * sy;
      const w = px[2] * sx, h = px[3] * sy;
      return { x: x, y: y, width: w, height: h, centerX: x + w / 2, centerY: y + h / 2 };
    }
    function queryRect(fn, label) {
      const str = allocateUTF8(String(label));
      const out = _malloc(16);
      try {
        if (!fn(str, out)) return null;
        const f = HEAPF32.subarray(out >> 2, (out >> 2) + 4);
        return toPage([f[0], f[1], f[2], f[3]]);
      } finally {
        _free(out);
        _free(str);
      }
    }
    Module['esTest'] = {
      // The rectangle of the widget drawn last frame with this label (the full ImGui label, or
      // its visible part before "##"), or null when no such widget is on screen.
      widgetRect: function (label) { return queryRect(_es_test_widget_rect, label); },
      // The rectangle of an open window by its title, or null.
      windowRect: function (title) { return queryRect(_es_test_window_rect, title); },
      frameCount: function () { return _es_test_frame_count(); },
      // The app's observable state as JSON (open windows, theme, later: the store).
      state: function () { return JSON.parse(UTF8ToString(_es_test_state_json())); },
    };
  },
});
