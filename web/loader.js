// Starts the WebAssembly app: checks for WebGL 2 first, shows download progress, and turns
// every way the start can fail into a readable message instead of a blank page.
'use strict';
(function () {
  const overlay = document.getElementById('overlay');
  const statusEl = document.getElementById('status');
  const progressEl = document.getElementById('progress');
  const detailEl = document.getElementById('detail');
  const canvas = document.getElementById('canvas');
  let failed = false;

  function fail(title, detail) {
    if (failed) return;
    failed = true;
    overlay.classList.remove('hidden');
    overlay.classList.add('error');
    statusEl.textContent = title;
    detailEl.textContent = detail || '';
    window.esStartupError = title;  // read by the end-to-end tests
  }

  // WebGL 2 is required. The context is created here, while app.js, app.wasm and app.data
  // download (index.html preloads them): creating it takes from tens of milliseconds on a GPU
  // to most of a second on software GL, and the app then picks up this same context. The
  // attributes match what the app's GLFW window asks for (src/platform/web_main.cpp).
  const webgl2Message = 'Your browser cannot run the sandbox: WebGL 2 is not available.';
  const webgl2Detail = 'Turn on hardware acceleration in the browser settings, or try a current Chrome, Edge or Firefox.';
  const gl = typeof WebGL2RenderingContext === 'undefined' ? null : canvas.getContext('webgl2', {
    antialias: false, depth: false, stencil: false, alpha: false, majorVersion: 2,
  });
  if (!gl) {
    fail(webgl2Message, webgl2Detail);
    return;
  }

  window.Module = {
    canvas: canvas,
    // Emscripten reports "Downloading data... (x/y)" while app.wasm and app.data arrive.
    setStatus: function (text) {
      if (failed || !text) return;
      const m = text.match(/\((\d+(?:\.\d+)?)\/(\d+)\)/);
      if (m) progressEl.value = Math.round(100 * Number(m[1]) / Number(m[2]));
      statusEl.textContent = text.replace(/\s*\(.*\)$/, '').replace('Downloading data...', 'Downloading the sandbox…');
    },
    // Called by the app after its first frame is on screen (web/platform.js).
    onFirstFrame: function () {
      // Navigation start to first rendered frame, read by bench/web_startup.mjs.
      window.esFirstFrameMs = performance.now();
      overlay.classList.add('hidden');
      canvas.focus();
    },
    // Called by the app when it cannot start (web/platform.js es_report_startup_error).
    onStartupError: function (kind, detail) {
      if (kind === 'webgl2') fail(webgl2Message, webgl2Detail);
      else fail('The sandbox could not start.', detail);
    },
    onAbort: function (what) {
      fail('The sandbox stopped unexpectedly.', String(what) + '\nReload the page to start again.');
    },
    printErr: function (text) { console.warn(text); },
  };

  canvas.addEventListener('webglcontextlost', function (e) {
    e.preventDefault();
    fail('The graphics context was lost.', 'Reload the page to continue; your events are kept.');
  });
  // Keep keyboard focus on the canvas so typing reaches the app.
  canvas.addEventListener('mousedown', function () { canvas.focus(); });

  const script = document.createElement('script');
  script.src = 'app.js';
  script.async = true;
  script.onerror = function () {
    fail('The sandbox could not be downloaded.', 'app.js failed to load. Check the connection and reload.');
  };
  document.body.appendChild(script);

  // A WASM that fails to compile or fetch ends in onAbort; a page that hangs gets a hint too.
  setTimeout(function () {
    if (!failed && !overlay.classList.contains('hidden')) {
      detailEl.textContent = 'This is taking longer than usual…';
    }
  }, 15000);
})();
