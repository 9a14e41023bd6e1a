// The browser's durable event log in IndexedDB, written by hand (not IDBFS, which rewrites a whole
// file on every sync). Linked with --js-library, in three files: this one opens the database,
// tells other tabs' news to C++ and keeps lesson progress; web/idb_read.js reads stored records
// into C++ (the load on page open, catching up with another tab); web/idb_write.js writes and
// resets. src/platform/persistence*.cpp calls them and owns every rule of persistence (which
// records to write, what a stored record may hold, what to do when another tab wrote first): these
// files only move bytes and report what the browser said. The database, its stores and record
// formats, the head check and the tabs' messages: docs/INDEXEDDB_FORMAT.md.
mergeInto(LibraryManager.library, {
  $ESIDB__deps: ['$ES'],
  $ESIDB: {
    db: null,
    channel: null,
    // The numbers shared with C++: the same names and values as src/storage/indexeddb_format.h
    // (tests/storage/indexeddb_format_test.cpp checks that they agree).
    RecordFormat: { Event: 1, TextSegment: 2, Segment: 3 },
    PagePurpose: { Load: 0, CatchUp: 1 },
    WriteStatus: { Saved: 0, Failed: 1, AnotherTab: 2 },
    PAGE_META: 3,   // numbers per record of a page read: first, last, byte length
    WRITE_META: 4,  // numbers per record of a write: format, first, last, byte length
    JSON_FORMAT: 1,  // `f` of a snapshot or a lesson's progress: {f: 1, json}
    // Records of the next write handed over in parts (es_idb_stage_records), copied out of the
    // WASM heap as they come: es_idb_write stores them, in one transaction.
    staged: [],

    // `count` records laid out as es_idb_stage_records takes them, copied out of the heap into `into`
    // as [key, value].
    copyRecords: function (bytesPtr, metaPtr, count, into) {
      let at = bytesPtr;
      for (let i = 0; i < count; i++) {
        const m = (metaPtr >> 3) + ESIDB.WRITE_META * i;
        const format = HEAPF64[m], first = HEAPF64[m + 1], key = HEAPF64[m + 2], len = HEAPF64[m + 3];
        into.push([key, format === ESIDB.RecordFormat.Event ? { f: format, line: UTF8ToString(at, len) }
                                                            : { f: format, first: first, bytes: HEAPU8.slice(at, at + len) }]);
        at += len;
      }
    },

    // A stored key that can be a position (records are keyed by positions 1, 2, ...).
    isPosition: function (key) {
      return Number.isSafeInteger(key) && key >= 1;
    },
    // What to tell the learner about a record under `key` (one that isPosition refuses).
    strayKey: function (key) {
      return 'a record is stored under the key ' + JSON.stringify(key) + ', which is not an event position';
    },
    // Tells C++ that this tab runs without IndexedDB, and why.
    unavailable: function (why) {
      if (typeof ESIDBEarly !== 'undefined') ESIDBEarly.claimPages();  // pages read early are dropped
      const p = ES.str(why);
      _es_idb_on_unavailable(p);
      _free(p);
    },
    // Every lesson's saved progress, handed to C++ as one JSON object {lessonId: progressText}.
    loadProgress: function () {
      function deliver(all) {
        const p = ES.str(JSON.stringify(all));
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
            if (v && v.f === ESIDB.JSON_FORMAT && typeof v.json === 'string') all[keys.result[i]] = v.json;
          }
          deliver(all);
        };
        tx.onabort = function () { deliver({}); };
      } catch (e) {
        deliver({});
      }
    },
    // Whether the browser keeps the data under storage pressure, and how much is used (-1 when
    // the browser does not tell). Only asks the browser, never the learner (es_idb_request_persist
    // does, and then passes persistAnswer = true).
    storageInfo: function (persistAnswer) {
      const s = navigator.storage;
      const kept = s && s.persisted ? s.persisted().catch(function () { return false; }) : Promise.resolve(false);
      kept.then(function (k) {
        const estimate = s && s.estimate ? s.estimate().catch(function () { return null; }) : Promise.resolve(null);
        return estimate.then(function (e) {
          _es_idb_on_storage_info(k ? 1 : 0, e ? e.usage || 0 : -1, e ? e.quota || 0 : -1, persistAnswer ? 1 : 0);
        });
      });
    },
    // Tells the other tabs something (a new head, a reset): they hear it through listenToTabs.
    tellTabs: function (message) {
      if (ESIDB.channel) ESIDB.channel.postMessage(message);
    },
    listenToTabs: function () {
      try {
        ESIDB.channel = new BroadcastChannel(ESIDBEarly.NAME);  // the database's name (web/idb_early.js)
        ESIDB.channel.onmessage = function (m) {
          if (!m.data) return;
          if (m.data.type === 'head') _es_idb_on_remote_head(m.data.head);
          if (m.data.type === 'reset') _es_idb_on_remote_reset();
        };
      } catch (e) { /* no BroadcastChannel: other tabs are seen on their next write */ }
    },
  },

  // Takes over the database that web/idb_early.js began to open at page start (the pages it read
  // meanwhile go to the load: web/idb_read.js), then loads the whole log into C++, page by page.
  es_idb_start__deps: ['$ESIDB', '$ESIDBRead'],
  es_idb_start: function () {
    function failed(req) {
      const err = req.error;
      if (err && err.name === 'VersionError') {
        ESIDB.unavailable('the saved sandbox was written by a newer version of this page (database version above ' +
                          ESIDBEarly.VERSION + '); reload to get that version. This tab will not write to it');
      } else {
        ESIDB.unavailable(ES.describe(err));
      }
    }
    function opened(req) {
      const db = req.result;
      if (ESIDBEarly.closedEarly()) {  // another tab upgraded it before this page's app started
        ESIDB.unavailable('another tab opened the saved sandbox with a newer version of this page; reload to get ' +
                          'that version. This tab will not write to it');
        return;
      }
      ESIDB.db = db;
      db.onversionchange = function () {
        db.close();
        ESIDB.db = null;
        _es_idb_on_closed();
      };
      ESIDB.listenToTabs();
      ESIDB.storageInfo();
      ESIDB.loadProgress();
      ESIDBRead.loadAll();
    }
    // An older tab that still has the database open at an older version is told to reload
    // (onblocked: nothing to do here).
    try {
      if (typeof ESIDBEarly === 'undefined') throw new Error('the page is incomplete (idb_early.js did not load); reload it');
      ESIDBEarly.open(function (req, ok) {
        if (ok) opened(req); else failed(req);
      });
    } catch (e) {
      ESIDB.unavailable(ES.describe(e));
    }
  },

  // Asks for persistent storage. Firefox asks the learner first, in a prompt over the page; the
  // answer (granted or not, or no such API) comes back as storage info.
  es_idb_request_persist__deps: ['$ESIDB'],
  es_idb_request_persist: function () {
    const s = navigator.storage;
    const asked = s && s.persist ? s.persist() : Promise.resolve(false);
    asked.catch(function () { return false; }).then(function () { ESIDB.storageInfo(true); });
  },

  // Saves one lesson's progress (a JSON text) under its lesson id; a failure is reported to C++.
  es_idb_save_progress__deps: ['$ESIDB'],
  es_idb_save_progress: function (idPtr, jsonPtr) {
    const id = UTF8ToString(idPtr), json = UTF8ToString(jsonPtr);
    function failed(why) {
      const p = ES.str('Lesson progress was not saved: ' + why);
      _es_idb_on_progress_error(p);
      _free(p);
    }
    if (!ESIDB.db) return;
    try {
      const tx = ESIDB.db.transaction('progress', 'readwrite');
      tx.objectStore('progress').put({ f: ESIDB.JSON_FORMAT, json: json }, id);
      tx.onabort = function () { failed(ES.describe(tx.error)); };
    } catch (e) {
      failed(ES.describe(e));
    }
  },
});
