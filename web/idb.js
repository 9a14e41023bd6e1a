// The browser's durable event log: IndexedDB, written by hand (not IDBFS, which rewrites a whole
// file on every sync). Linked with --js-library; called from src/platform/persistence.cpp, which
// owns every rule. This file only moves bytes and reports what the browser said.
//
// Database "es-sandbox", version 1:
//   events     key = the global position of the LAST event the record holds, so the last key is
//              always the head. Three record formats:
//                f: 1  {f: 1, line}: one event (<encode_event_line>), key = its position;
//                f: 2  {f: 2, first, lines}: the events first..key, their lines joined by '\n'
//                      (written until 2026-11-27; still read);
//                f: 3  {f: 3, first, bytes}: the same as UTF-8 bytes (a Uint8Array), what a write
//                      of several events (an import, a transfer) stores now, SEGMENT at most.
//              Chromium's IndexedDB costs ~0.1 ms per record whatever its size, so a segment of
//              1,000 events is read and written several times faster than 1,000 records; as bytes
//              it goes into the WASM heap with one copy (a string had to be measured, joined and
//              encoded: ~0.5 s of a 100,000-event load). Which lines a record holds is checked in
//              C++ (decode_stored_page, src/storage/stored_pages.cpp), which names a record whose
//              line count is wrong, a jump or an overlap.
//              Written with add(), so a key that is already taken fails instead of being
//              overwritten. A record with a newer f is refused, never overwritten.
//   snapshots  key = [streamId, stateType, streamVersion], value = {f: 1, json: <snapshot JSON>}
//   progress   lesson progress (key = lesson id)
// Writes: one readwrite transaction per frame's outbox, durability 'strict'. The single writer is
// the transaction itself: IndexedDB never runs two readwrite transactions over the same store at
// once, across tabs too, and a tab that closes or crashes mid-write has its transaction aborted,
// so the lock is released with it. Inside it the head check runs first: the last stored position
// must be the one this tab built on (the check is queued before the adds, and aborts the
// transaction before it can commit). One tab's writes are strictly one after the other (the C++
// outbox waits for the previous answer). A BroadcastChannel ('es-sandbox') tells the other tabs
// the new head so they load the new events at once. (Until 2026-11-27 the write also waited for
// a Web Lock, 'es-sandbox-writer': it guarded nothing the transaction does not, and its grant cost
// 1.5 to 7 ms of every save; see docs/PERFORMANCE.md.)
mergeInto(LibraryManager.library, {
  $ESIDB: {
    db: null,
    channel: null,
    NAME: 'es-sandbox',
    VERSION: 1,
    FORMAT: 1,          // snapshots, progress, and single-event records
    TEXT_SEGMENT: 2,    // several events in one record, as a string (read, no longer written)
    SEGMENT_FORMAT: 3,  // several events in one record, as bytes: the newest format
    SEGMENT: 1000,      // events per segment record at most
    PAGE: 10000,        // events read per transaction on load, about

    // A JS string into the WASM heap (the caller frees it).
    str: function (s) {
      return ESIDB.bytes(s).ptr;
    },
    // The same, with its length in bytes (without the terminating zero). (Emscripten's
    // stringToUTF8 measured 5 times faster than TextEncoder.encode + a copy on large texts.)
    bytes: function (s) {
      const n = lengthBytesUTF8(s);
      const p = _malloc(n + 1);
      stringToUTF8(s, p, n + 1);
      return { ptr: p, len: n };
    },
    // Bytes (a Uint8Array) into the WASM heap, zero-terminated (the caller frees ptr).
    heapCopy: function (u8) {
      const p = _malloc(u8.length + 1);
      HEAPU8.set(u8, p);  // HEAPU8 read after _malloc: a heap that grew has a new view
      HEAPU8[p + u8.length] = 0;
      return { ptr: p, len: u8.length };
    },
    // A stored key that can be a position (records are keyed by positions 1, 2, ...).
    isPosition: function (key) {
      return Number.isSafeInteger(key) && key >= 1;
    },
    // The head from the last key (0 for an empty store), or null when that key is not a position
    // (IndexedDB sorts strings, dates and arrays after every number).
    headOf: function (cursorRequest) {
      if (!cursorRequest.result) return 0;
      const key = cursorRequest.result.key;
      return ESIDB.isPosition(key) ? key : null;
    },
    // What to tell the learner about a record under `key` (one that isPosition refuses).
    strayKey: function (key) {
      return 'a record is stored under the key ' + JSON.stringify(key) + ', which is not an event position';
    },
    describe: function (err) {
      if (!err) return 'unknown error';
      return (err.name ? err.name + ': ' : '') + (err.message || String(err));
    },
    // Every lesson's saved progress, handed to C++ as one JSON object {lessonId: progressText}.
    loadProgress: function () {
      function deliver(all) {
        const p = ESIDB.str(JSON.stringify(all));
        _es_idb_on_progress(p);
        _free(p);
      }
      try {
        const tx = ESIDB.db.transaction('progress', 'readonly');
        const store = tx.objectStore('progress');
        const keys = store.getAllKeys(), values = store.getAll();
        tx.oncomplete = function () {
          const all = {};
          for (let i = 0; i < keys.result.length; i++) {
            const v = values.result[i];
            if (v && v.f === ESIDB.FORMAT && typeof v.json === 'string') all[keys.result[i]] = v.json;
          }
          deliver(all);
        };
        tx.onabort = function () { deliver({}); };
      } catch (e) {
        deliver({});
      }
    },
    // Hands one page to C++: page.pieces (each record's lines, '\n'-joined: a Uint8Array or a
    // string) and page.meta (first, last, byte length for each record). The pieces go into the
    // heap one after the other, each followed by '\n'. Returns what C++ answered (1 = go on).
    deliverPage: function (page, purpose) {
      const pieces = page.pieces, meta = page.meta;
      let total = 0;
      for (let i = 0; i < pieces.length; i++) {
        const piece = pieces[i];
        meta[3 * i + 2] = typeof piece === 'string' ? lengthBytesUTF8(piece) : piece.length;
        total += meta[3 * i + 2] + 1;
      }
      const textPtr = _es_idb_page_buffer(total + 1, purpose);  // C++ owns it (a load keeps its pages)
      const metaPtr = _malloc(8 * Math.max(1, meta.length));
      let at = textPtr;
      for (let i = 0; i < pieces.length; i++) {
        const piece = pieces[i], n = meta[3 * i + 2];
        if (typeof piece === 'string') stringToUTF8(piece, at, n + 1);
        else HEAPU8.set(piece, at);  // HEAPU8 read after _malloc: a heap that grew has a new view
        HEAPU8[at + n] = 10;
        at += n + 1;
      }
      HEAPF64.set(meta, metaPtr >> 3);
      const go = _es_idb_on_page(textPtr, total, metaPtr, pieces.length, purpose);
      _free(metaPtr);
      return go;
    },
    // Reads every event with position > after, page by page, into C++. purpose 0 = the load on
    // page open, 1 = catching up with another tab. A page is the next `count` records from the
    // last key read: 20 at first, then as many as hold about PAGE events (2,000 at the most).
    // Every key must be a position; the first one that is not stops the read there (after the
    // events before it). C++ checks the rest (a gap between records, a segment's line count, each
    // line) and answers 0 to stop.
    readAfter: function (after, purpose, done) {
      const db = ESIDB.db;
      let next = after + 1, count = 20;  // a first look; then sized by what the records hold
      function stop(records, why) {
        // (C++ answering 0 has already stopped at an earlier record, or reloads the whole log.)
        if (records.pieces.length && !ESIDB.deliverPage(records, purpose)) { done(null, next); return; }
        const p = ESIDB.str(why);
        _es_idb_on_bad_record(next, p);
        _free(p);
        done(null, next);
      }
      // One page's records, fetched in its own read-only transaction. The next page is asked for
      // before the current one goes to C++, so IndexedDB reads it (off the main thread) while C++
      // decodes; if C++ then answers 0, the page read ahead is dropped unread.
      function fetchPage(from, n) {
        const p = { settled: false, onSettled: null };
        function settle(err, keys, values) {
          p.settled = true; p.err = err; p.keys = keys; p.values = values;
          if (p.onSettled) p.onSettled(p);
        }
        let tx;
        try {
          tx = db.transaction('events', 'readonly');
        } catch (e) {
          settle(ESIDB.describe(e));
          return p;
        }
        const store = tx.objectStore('events');
        const range = IDBKeyRange.lowerBound(from);  // strings, dates and arrays sort after numbers
        const keysReq = store.getAllKeys(range, n);
        const valuesReq = store.getAll(range, n);
        tx.oncomplete = function () { settle(null, keysReq.result, valuesReq.result); };
        tx.onabort = function () { settle(ESIDB.describe(tx.error)); };
        return p;
      }
      function whenFetched(p, fn) {
        if (p.settled) fn(p);
        else p.onSettled = fn;
      }
      function onPage(p) {
        if (p.err) { done(p.err); return; }
        const keys = p.keys, values = p.values;
        const records = { pieces: [], meta: [] };
        let events = 0;
        for (let i = 0; i < keys.length; i++) {
          const v = values[i], key = keys[i];
          if (!ESIDB.isPosition(key)) {
            stop(records, ESIDB.strayKey(key));
            return;
          }
          const f = v && typeof v === 'object' && typeof v.f === 'number' ? v.f : 0;
          if (f > ESIDB.SEGMENT_FORMAT) {
            if (records.pieces.length && !ESIDB.deliverPage(records, purpose)) { done(null, next); return; }
            _es_idb_on_newer_record(key, f);
            done(null, next);
            return;
          }
          let piece, first = key;
          if (f === ESIDB.SEGMENT_FORMAT || f === ESIDB.TEXT_SEGMENT) {
            // A `first` that is not a position reaches C++ as NaN, which names the record.
            first = ESIDB.isPosition(v.first) ? v.first : NaN;
            piece = f === ESIDB.SEGMENT_FORMAT ? (v.bytes instanceof Uint8Array ? v.bytes : new Uint8Array(0))
                                               : (typeof v.lines === 'string' ? v.lines : '');
          } else {
            // Anything that is not a well-formed record goes through as text, so the C++ decoder
            // names the position and what is wrong with it.
            const line = f === ESIDB.FORMAT && typeof v.line === 'string' ? v.line : JSON.stringify(v);
            piece = line.indexOf('\n') >= 0 ? line.replace(/\n/g, ' ') : line;
          }
          records.pieces.push(piece);
          records.meta.push(first, key, 0);
          events += first === first ? key - Math.max(first, next) + 1 : 1;
          next = key + 1;
        }
        let ahead = null;
        if (keys.length === count) {
          const perRecord = events / keys.length;
          count = Math.max(1, Math.min(2000, Math.floor(ESIDB.PAGE / Math.max(1, perRecord))));
          ahead = fetchPage(next, count);
        }
        if (records.pieces.length && !ESIDB.deliverPage(records, purpose)) { done(null, next); return; }
        if (!ahead) { done(null, next); return; }
        whenFetched(ahead, onPage);
      }
      whenFetched(fetchPage(next, count), onPage);
    },
    readSnapshots: function (done) {
      const tx = ESIDB.db.transaction('snapshots', 'readonly');
      const req = tx.objectStore('snapshots').getAll();
      tx.oncomplete = function () {
        const lines = req.result.filter(function (v) { return v && v.f === ESIDB.FORMAT && typeof v.json === 'string'; })
          .map(function (v) { return v.json; }).join('\n');
        const b = ESIDB.bytes(lines);
        _es_idb_on_snapshots(b.ptr, b.len);
        _free(b.ptr);
        done();
      };
      tx.onabort = function () { done(); };  // snapshots are a cache: without them replay is slower, not wrong
    },
    // Counts the records, then reads them all into C++ (purpose 0), then the snapshots.
    loadAll: function () {
      function unavailable(why) {
        const p = ESIDB.str(why);
        _es_idb_on_unavailable(p);
        _free(p);
      }
      const db = ESIDB.db;
      if (!db) { unavailable('the database is closed'); return; }
      // The head (the last record's key) is the number of events to load, for the progress bar.
      const countTx = db.transaction('events', 'readonly');
      const countReq = countTx.objectStore('events').openKeyCursor(IDBKeyRange.upperBound(Infinity), 'prev');
      // Keys below 1 sort before every position, where readAfter never looks: checked here.
      const lowReq = countTx.objectStore('events').openKeyCursor(IDBKeyRange.upperBound(1, true));
      countTx.oncomplete = function () {
        const head = countReq.result ? countReq.result.key : 0;
        _es_idb_on_load_begin(ESIDB.isPosition(head) ? Math.min(head, 1e9) : 0);  // for the progress bar
        ESIDB.readAfter(0, 0, function (err, next) {
          if (!err && lowReq.result) {  // after the events, so they are still shown
            const p = ESIDB.str(ESIDB.strayKey(lowReq.result.key));
            _es_idb_on_bad_record(next, p);
            _free(p);
          }
          if (err) { unavailable('reading the stored events failed: ' + err); return; }
          ESIDB.readSnapshots(function () { _es_idb_on_load_end(); });
        });
      };
      countTx.onabort = function () { unavailable(ESIDB.describe(countTx.error)); };
    },
    storageInfo: function () {
      const s = navigator.storage;
      if (!s || !s.estimate) return;
      const persisted = s.persisted ? s.persisted() : Promise.resolve(false);
      persisted.then(function (already) {
        return already || (s.persist ? s.persist() : false);
      }).catch(function () { return false; }).then(function (granted) {
        return s.estimate().then(function (e) {
          _es_idb_on_storage_info(granted ? 1 : 0, e.usage || 0, e.quota || 0);
        });
      }).catch(function () {});
    },
  },

  // Opens the database and loads the whole log into C++, page by page.
  es_idb_start__deps: ['$ESIDB'],
  es_idb_start: function () {
    function unavailable(why) {
      const p = ESIDB.str(why);
      _es_idb_on_unavailable(p);
      _free(p);
    }
    let req;
    try {
      if (typeof indexedDB === 'undefined' || !indexedDB) throw new Error('this browser has no IndexedDB');
      req = indexedDB.open(ESIDB.NAME, ESIDB.VERSION);
    } catch (e) {
      unavailable(ESIDB.describe(e));
      return;
    }
    req.onupgradeneeded = function (ev) {
      const db = req.result;
      if (ev.oldVersion < 1) {
        db.createObjectStore('events');
        db.createObjectStore('snapshots');
        db.createObjectStore('progress');
      }
    };
    req.onblocked = function () {
      // An older tab still has the database open at an older version: it is told to reload.
    };
    req.onerror = function (ev) {
      ev.preventDefault();
      const err = req.error;
      if (err && err.name === 'VersionError') {
        unavailable('the saved sandbox was written by a newer version of this page (database version above ' +
                    ESIDB.VERSION + '); reload to get that version. This tab will not write to it');
      } else {
        unavailable(ESIDB.describe(err));
      }
    };
    req.onsuccess = function () {
      const db = req.result;
      ESIDB.db = db;
      db.onversionchange = function () {
        db.close();
        ESIDB.db = null;
        _es_idb_on_closed();
      };
      try {
        ESIDB.channel = new BroadcastChannel('es-sandbox');
        ESIDB.channel.onmessage = function (m) {
          if (!m.data) return;
          if (m.data.type === 'head') _es_idb_on_remote_head(m.data.head);
          if (m.data.type === 'reset') _es_idb_on_remote_reset();
        };
      } catch (e) { /* no BroadcastChannel: other tabs are seen on their next write */ }
      ESIDB.storageInfo();
      ESIDB.loadProgress();
      ESIDB.loadAll();
    };
  },

  // Saves one lesson's progress (a JSON text) under its lesson id; a failure is reported to C++.
  es_idb_save_progress__deps: ['$ESIDB'],
  es_idb_save_progress: function (idPtr, jsonPtr) {
    const id = UTF8ToString(idPtr), json = UTF8ToString(jsonPtr);
    function failed(why) {
      const p = ESIDB.str('Lesson progress was not saved: ' + why);
      _es_idb_on_progress_error(p);
      _free(p);
    }
    if (!ESIDB.db) return;
    try {
      const tx = ESIDB.db.transaction('progress', 'readwrite');
      tx.objectStore('progress').put({ f: ESIDB.FORMAT, json: json }, id);
      tx.onabort = function () { failed(ESIDB.describe(tx.error)); };
    } catch (e) {
      failed(ESIDB.describe(e));
    }
  },

  // Reloads the whole log (after a reset, or when this tab's view diverged from the database).
  es_idb_load_all__deps: ['$ESIDB'],
  es_idb_load_all: function () { ESIDB.loadAll(); },

  // Writes one outbox: event records (lines joined by '\n', positions as doubles) and snapshot
  // JSON lines. Everything is copied out of the WASM heap before the first asynchronous step.
  // Answers _es_idb_on_write_done(status, head, message): 0 saved, 1 failed, 2 another tab
  // wrote first (head = the last stored position).
  es_idb_write__deps: ['$ESIDB'],
  es_idb_write: function (linesPtr, linesLen, posPtr, count, snapsPtr, snapsLen) {
    const positions = [];
    for (let i = 0; i < count; i++) positions.push(HEAPF64[(posPtr >> 3) + i]);
    let consecutive = true;
    for (let i = 1; i < count; i++) if (positions[i] !== positions[i - 1] + 1) consecutive = false;
    // Several events (always consecutive positions from the C++ outbox) go out as segments of
    // bytes, cut at every SEGMENT-th '\n'; one event is a record of its own, as a string.
    const records = [];  // [key, value]
    let cutError = null;
    if (count === 1 || !consecutive) {
      const lines = count ? UTF8ToString(linesPtr, linesLen).split('\n') : [];
      for (let i = 0; i < count; i++) records.push([positions[i], { f: ESIDB.FORMAT, line: lines[i] }]);
    } else {
      const end = linesPtr + linesLen;
      let start = linesPtr;
      for (let i = 0; i < count; i += ESIDB.SEGMENT) {
        const j = Math.min(count, i + ESIDB.SEGMENT);
        let stop = end;  // the last segment runs to the end; any other stops at its (j - i)-th '\n'
        if (j < count) {
          stop = start - 1;
          for (let k = i; k < j && stop >= 0 && stop < end; k++) stop = HEAPU8.indexOf(10, stop + 1);
          if (stop < 0 || stop >= end) {  // (C++ joins its lines with one '\n': cannot happen)
            cutError = 'the ' + count + ' events to write do not split into ' + count + ' lines; nothing was written';
            break;
          }
        }
        records.push([positions[j - 1], { f: ESIDB.SEGMENT_FORMAT, first: positions[i], bytes: HEAPU8.slice(start, stop) }]);
        start = stop + 1;
      }
    }
    const snaps = snapsLen ? UTF8ToString(snapsPtr, snapsLen).split('\n') : [];
    function report(status, head, message) {
      const p = ESIDB.str(message || '');
      _es_idb_on_write_done(status, head, p);
      _free(p);
    }
    if (cutError) { report(1, 0, cutError); return; }
    const db = ESIDB.db;
    if (!db) { report(1, 0, 'the database is closed'); return; }
    let tx, conflictHead = -1;
    try {
      tx = db.transaction(['events', 'snapshots'], 'readwrite', { durability: 'strict' });
    } catch (e) {
      report(1, 0, ESIDB.describe(e));
      return;
    }
    const events = tx.objectStore('events');
    let thrown = null;
    function addAll() {
      try {
        for (let i = 0; i < records.length; i++) events.add(records[i][1], records[i][0]);  // (not for-of with destructuring: emcc 3.1.6 mangles it)
      } catch (e) {
        thrown = e;  // e.g. QuotaExceededError or DataError thrown by add() itself
        tx.abort();
        return;
      }
      const snapStore = tx.objectStore('snapshots');
      for (const json of snaps) {
        try {
          const s = JSON.parse(json);
          snapStore.put({ f: ESIDB.FORMAT, json: json }, [s.streamId, s.stateType, s.streamVersion]);
        } catch (e) { /* C++ wrote it; cannot happen */ }
      }
    }
    if (positions.length) {
      // The head check: the last stored position must be the one just before ours. Its
      // answer comes before the adds' (requests run in order) and a transaction cannot commit
      // while a callback is pending, so aborting here undoes the adds queued behind it
      // without waiting a task for the answer first.
      const last = events.openKeyCursor(null, 'prev');
      last.onsuccess = function () {
        const head = ESIDB.headOf(last);
        if (head === null) {
          thrown = new Error(ESIDB.strayKey(last.result.key) + '; nothing was written');
          tx.abort();
        } else if (head !== positions[0] - 1) {
          conflictHead = head;
          tx.abort();
        }
      };
    }
    addAll();
    tx.oncomplete = function () {
      const head = positions.length ? positions[positions.length - 1] : 0;
      report(0, head, '');
      if (ESIDB.channel && positions.length) ESIDB.channel.postMessage({ type: 'head', head: head });
      ESIDB.storageInfo();
    };
    tx.onabort = function () {
      if (conflictHead >= 0) report(2, conflictHead, 'another tab saved events first');
      else if (tx.error && tx.error.name === 'ConstraintError') report(2, 0, 'a position was already taken (another tab wrote first)');
      else report(1, 0, ESIDB.describe(thrown || tx.error));
    };
  },

  // Loads the records after `position` (another tab's events) into C++ (purpose 1).
  es_idb_fetch_after__deps: ['$ESIDB'],
  es_idb_fetch_after: function (position) {
    if (!ESIDB.db) return;
    ESIDB.readAfter(position, 1, function (err) {
      const p = ESIDB.str(err || '');
      _es_idb_on_fetch_end(p);
      _free(p);
    });
  },

  // Deletes every stored event, snapshot and lesson progress, then tells the other tabs.
  es_idb_reset__deps: ['$ESIDB'],
  es_idb_reset: function () {
    function done(message) {
      const p = ESIDB.str(message);
      _es_idb_on_reset_done(p);
      _free(p);
    }
    if (!ESIDB.db) { done(''); return; }
    const tx = ESIDB.db.transaction(['events', 'snapshots', 'progress'], 'readwrite', { durability: 'strict' });
    tx.objectStore('events').clear();
    tx.objectStore('snapshots').clear();
    tx.objectStore('progress').clear();
    tx.oncomplete = function () {
      if (ESIDB.channel) ESIDB.channel.postMessage({ type: 'reset' });
      ESIDB.storageInfo();
      done('');
    };
    tx.onabort = function () { done(ESIDB.describe(tx.error)); };
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
  es_pick_import_file__deps: ['$ESIDB'],
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
  es_install_import_drop: function () {
    // The file's bytes go to C++ as they are (no decode and re-encode): the importer checks
    // them, invalid UTF-8 included. A UTF-8 byte order mark is skipped, as file.text() would.
    Module['esImportFile'] = function (file) {
      file.arrayBuffer().then(function (buffer) {
        let u8 = new Uint8Array(buffer);
        if (u8.length >= 3 && u8[0] === 0xef && u8[1] === 0xbb && u8[2] === 0xbf) u8 = u8.subarray(3);
        const b = ESIDB.heapCopy(u8), n = ESIDB.str(file.name);
        _es_on_import_text(b.ptr, b.len, n);
        _free(b.ptr);
        _free(n);
      }, function (e) {
        const p = ESIDB.str(''), n = ESIDB.str(file.name + ': ' + ESIDB.describe(e));
        _es_on_import_text(p, 0, n);
        _free(p);
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
  es_install_import_drop__deps: ['$ESIDB'],
});
