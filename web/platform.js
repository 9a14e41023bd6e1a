// Browser glue for the app, linked with --js-library: the canvas, the page shell, the address,
// downloads and imported files, the tests' hook. Every function is prefixed es_ and is called from
// C++ (declared in src/platform/browser.h). Kept small: the app logic lives in C++.
mergeInto(LibraryManager.library, {
  // Helpers every --js-library file uses (web/idb*.js too): text and bytes into the WASM heap,
  // and an error as one line for the learner.
  $ES: {
    TEXT_SIZE_KEY: 'es-sandbox.textSize',  // localStorage
    // A text-size shortcut, named as src/platform/browser.h's TextSizeKey.
    TextSizeKey: { None: 0, Larger: 1, Smaller: 2, Reset: 3 },
    textSizeKey: 0,  // the last shortcut pressed, until C++ takes it
    importing: false,  // a file is being fed to the importer (esImportFile)
    // A JS string into the WASM heap, zero-terminated (the caller frees it).
    str: function (s) {
      return ES.bytes(s).ptr;
    },
    // The same, with its length in bytes (without the terminating zero). (Emscripten's
    // stringToUTF8 measured 5 times faster than TextEncoder.encode + a copy on large texts.)
    bytes: function (s) {
      const n = lengthBytesUTF8(s);
      const p = _malloc(n + 1);
      stringToUTF8(s, p, n + 1);
      return { ptr: p, len: n };
    },
    describe: function (err) {
      if (!err) return 'unknown error';
      return (err.name ? err.name + ': ' : '') + (err.message || String(err));
    },
  },

  // Keeps the canvas's backing store at its CSS size x devicePixelRatio, and GLFW's window size
  // (which ImGui's GLFW backend reads as the display size) equal to it. Not glfwSetWindowSize:
  // Emscripten 3.1.6's GLFW (library_glfw.js setWindowSize) takes a size equal to the screen's as
  // a request for fullscreen, which a page may not make outside a click (the console's
  // requestFullscreen warnings and "Permissions check failed"), so a window of screen size (F11,
  // or a zoom that makes the store match the screen) kept its old store, stretched and blurry;
  // and its resize handler puts the screen's CSS size in while the document is fullscreen. The
  // fields set here are the ones that handler sets for a windowed canvas.
  es_sync_canvas_size__deps: ['$GLFW'],
  es_sync_canvas_size: function () {
    const canvas = Module['canvas'];
    const ratio = window.devicePixelRatio || 1;
    const r = canvas.getBoundingClientRect();
    const w = Math.round(r.width * ratio), h = Math.round(r.height * ratio);
    if (w > 0 && h > 0 && (canvas.width !== w || canvas.height !== h)) {
      canvas.width = w;
      canvas.height = h;
    }
    if (GLFW.active) {
      GLFW.active.width = canvas.width;
      GLFW.active.height = canvas.height;
    }
  },
  es_device_pixel_ratio: function () {
    return window.devicePixelRatio || 1;
  },

  // The browser's (the system's) wish for less motion: the animated views then step without moving.
  es_prefers_reduced_motion: function () {
    try {
      return window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches ? 1 : 0;
    } catch (e) {
      return 0;
    }
  },

  // The learner's text size (View > Text size), kept in localStorage across reloads: the factor,
  // or 0 when none was kept (or storage is off, as in some private windows).
  es_saved_text_size: function () {
    try {
      return Number(localStorage.getItem(ES.TEXT_SIZE_KEY)) || 0;
    } catch (e) {
      return 0;
    }
  },
  es_save_text_size: function (size) {
    try {
      localStorage.setItem(ES.TEXT_SIZE_KEY, String(size));
    } catch (e) { /* not kept: the size still applies to this page */ }
  },
  // The text-size shortcuts, Ctrl (Cmd on a Mac) with = or +, -, 0, on the main keyboard or the
  // number pad. The browser's own zoom answers the same keys, so they are kept from it here (the
  // app's fonts grow instead); every other key goes on as before. C++ takes the last one each
  // frame (es_take_text_size_key).
  es_install_text_size_keys__deps: ['$ES'],
  es_install_text_size_keys: function () {
    const keys = { '=': ES.TextSizeKey.Larger, '+': ES.TextSizeKey.Larger, '-': ES.TextSizeKey.Smaller,
                   '0': ES.TextSizeKey.Reset };
    Module['canvas'].addEventListener('keydown', function (e) {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || !(e.key in keys)) return;
      e.preventDefault();
      ES.textSizeKey = keys[e.key];
    });
  },
  es_take_text_size_key__deps: ['$ES'],
  es_take_text_size_key: function () {
    const key = ES.textSizeKey;
    ES.textSizeKey = ES.TextSizeKey.None;
    return key;
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
  es_requested_lesson__deps: ['$ES'],
  es_requested_lesson: function () {
    const m = /(?:^#|&)lesson=([a-z0-9-]+)/.exec(window.location.hash || '');
    return ES.str(m ? m[1] : '');
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

  // Offers `len` bytes at `data` as a file download.
  es_download: function (namePtr, dataPtr, len, mimePtr) {
    const bytes = HEAPU8.slice(dataPtr, dataPtr + len);
    const blob = new Blob([bytes], { type: UTF8ToString(mimePtr) });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = UTF8ToString(namePtr);
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  },

  // A file picker for imports; dropping a file on the page does the same (installed once).
  es_pick_import_file: function () {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.jsonl,.json,.txt,application/x-ndjson';
    input.style.display = 'none';
    input.onchange = function () {
      if (input.files && input.files[0]) Module['esImportFile'](input.files[0]);
      input.remove();
    };
    document.body.appendChild(input);
    input.click();
  },
  es_install_import_drop__deps: ['$ES'],
  es_install_import_drop: function () {
    // The file's bytes go to C++ as they are (no decode and re-encode): the importer checks
    // them, invalid UTF-8 included. A UTF-8 byte order mark is skipped, as file.text() would.
    // They go over a few MiB at a time, through one buffer: a file of a million events never sits
    // whole in WASM memory beside the log it joins.
    Module['esImportFile'] = function (file) {
      if (ES.importing) {  // one at a time: C++ says so, without this file being read
        const n = ES.str(file.name);
        _es_import_begin(n, 1, file.size);
        _free(n);
        return;
      }
      file.arrayBuffer().then(function (buffer) {
        let u8 = new Uint8Array(buffer);
        if (u8.length >= 3 && u8[0] === 0xef && u8[1] === 0xbb && u8[2] === 0xbf) u8 = u8.subarray(3);
        const pieceBytes = Module['esImportPieceBytes'] || (4 << 20);
        const buf = _malloc(Math.max(1, Math.min(pieceBytes, u8.length)));
        if (!buf) {  // (malloc answers 0 when the memory cannot grow)
          const why = ES.str(file.name + ': the page has no memory left to read it into');
          _es_import_begin(why, 0, 0);
          _free(why);
          return;
        }
        const n = ES.str(file.name);
        if (!_es_import_begin(n, 1, u8.length)) {
          _free(buf);
          _free(n);
          return;
        }
        // Pieces for up to ~8 ms a task (one 4 MiB piece takes longer), so the page draws its
        // frames (and the import's progress) in between; after the last, a frame more ("adding
        // the events") before the append, or 250 ms in a hidden page, which draws no frames.
        // The finish always comes, once.
        ES.importing = true;
        let at = 0, finished = false;
        const taskMs = Module['esImportTaskMs'] !== undefined ? Module['esImportTaskMs'] : 8;
        const finish = function () {
          if (finished) return;
          finished = true;
          ES.importing = false;
          try {
            _es_import_finish(n);
          } finally {
            _free(buf);
            _free(n);
          }
        };
        const step = function () {
          let more = false;
          const t0 = performance.now();
          try {
            do {
              const piece = u8.subarray(at, Math.min(at + pieceBytes, u8.length));
              HEAPU8.set(piece, buf);  // HEAPU8 read afresh: a feed may grow the memory
              at += piece.length;
              more = _es_import_feed(buf, piece.length) !== 0 && at < u8.length;  // a problem is kept for the finish
            } while (more && performance.now() - t0 < taskMs);
          } finally {
            if (more) {
              setTimeout(step, 0);
            } else {
              requestAnimationFrame(function () { setTimeout(finish, 0); });
              setTimeout(finish, 250);
            }
          }
        };
        step();
      }, function (e) {
        const n = ES.str(file.name + ': ' + ES.describe(e));
        _es_import_begin(n, 0, 0);
        _free(n);
      });
    };
    const canvas = Module['canvas'];
    canvas.addEventListener('dragover', function (e) { e.preventDefault(); });
    canvas.addEventListener('drop', function (e) {
      e.preventDefault();
      const f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
      if (f) Module['esImportFile'](f);
    });
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
    // Calls fn(label, out) for `floats` numbers: a rectangle, then `floats - 4` more (null when
    // fn finds nothing).
    function query(fn, label, floats) {
      const str = allocateUTF8(String(label));
      const out = _malloc(4 * floats);
      try {
        if (!fn(str, out)) return null;
        return Array.from(HEAPF32.subarray(out >> 2, (out >> 2) + floats));
      } finally {
        _free(out);
        _free(str);
      }
    }
    Module['esTest'] = {
      // The rectangle of the widget drawn last frame with this label (the full ImGui label, or
      // its visible part before "##"), or null when no such widget is on screen.
      widgetRect: function (label) {
        const f = query(_es_test_widget_rect, label, 4);
        return f && toPage(f);
      },
      // The visible text of the widget labelled "...###id" as the last frame drew it ('' when it
      // was not drawn): for a label whose text changes, such as a progress percentage.
      widgetLabel: function (id) {
        const str = allocateUTF8(id);
        try {
          return UTF8ToString(_es_test_widget_label(str));
        } finally {
          _free(str);
        }
      },
      // The rectangle of an open window by its title, or null; `clippedWidth`: how far its
      // content reached past what the window shows across (0 when all of it fits), as a width.
      windowRect: function (title) {
        const f = query(_es_test_window_rect, title, 5);
        if (!f) return null;
        const r = toPage(f);
        r.clippedWidth = toPage([0, 0, f[4], 0]).width;
        return r;
      },
      frameCount: function () { return _es_test_frame_count(); },
      // The bytes the app's heap holds now (malloc's in use); Module.HEAP8.length is its peak.
      heapInUse: function () { return _es_test_heap_in_use(); },
      // The background hash check of the stored log, {checked, total, ms, badPosition}, and when
      // the read models left for later caught up (readModelsWarmedAt, performance.now(); 0: not
      // yet) and the time their catch-up took (readModelsWarmMs), or null before the sandbox
      // exists: without the rest of state(), cheap at 100k events.
      hashCheck: function () {
        const out = _malloc(8 * 6);
        try {
          if (!_es_test_hash_check(out)) return null;
          const f = HEAPF64.subarray(out >> 3, (out >> 3) + 6);
          return { checked: f[0], total: f[1], ms: f[2], badPosition: f[3], readModelsWarmedAt: f[4], readModelsWarmMs: f[5] };
        } finally {
          _free(out);
        }
      },
      // The load's figures, {mode, head, saved, loadMs, decodeMs, openMs, loadedAt, problem,
      // decodedEvents (the store's events held decoded; the rest as their lines only)}, or
      // null before the sandbox exists: read without building state(), which does not fit the
      // heap with 1,000,000 events open.
      loadStats: function () {
        const out = _malloc(8 * 9);
        try {
          if (!_es_test_load_stats(out)) return null;
          const f = HEAPF64.subarray(out >> 3, (out >> 3) + 9);
          return { mode: ['loading', 'indexeddb', 'memory', 'closed'][f[0]], head: f[1], saved: f[2], loadMs: f[3],
                   decodeMs: f[4], openMs: f[5], loadedAt: f[6], problem: f[7] !== 0, decodedEvents: f[8] };
        } finally {
          _free(out);
        }
      },
      // The app's observable state as JSON (open windows, theme, the store...); state({events:
      // false}) leaves out the store's event list (the read models' rows stay in: with 1,000,000
      // events neither fits the heap; loadStats() and hashCheck() do).
      state: function (opts) {
        const withEvents = !(opts && opts.events === false);
        return JSON.parse(UTF8ToString(_es_test_state_json(withEvents ? 1 : 0)));
      },
    };
  },
});
