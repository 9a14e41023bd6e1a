// Reading the stored event records into C++ (--js-library; the database is opened by web/idb.js):
// the whole log on page open or after a conflict or a reset (ESIDBRead.loadAll, purpose
// PagePurpose.Load), and another tab's new events (es_idb_fetch_after, PagePurpose.CatchUp). The
// records go over in pages, a page per read-only transaction, and C++ decodes and checks them
// (src/storage/stored_pages.h): this file only hands over each record's bytes and positions.
// Chromium's IndexedDB costs about 0.1 ms per record whatever its size, and a segment's bytes
// reach the WASM heap with one copy (docs/PERFORMANCE.md). Formats: docs/INDEXEDDB_FORMAT.md.
mergeInto(LibraryManager.library, {
  $ESIDBRead__deps: ['$ES', '$ESIDB'],
  $ESIDBRead: {
    // Hands one page to C++: page.pieces (each record's lines, '\n'-joined: a Uint8Array or a
    // string) and page.meta (PAGE_META numbers per record: first, last, byte length). The pieces
    // go into the heap one after the other, each followed by '\n'. Returns what C++ answered
    // (1 = go on).
    deliverPage: function (page, purpose) {
      const pieces = page.pieces, meta = page.meta;
      let total = 0;
      for (let i = 0; i < pieces.length; i++) {
        const piece = pieces[i];
        meta[ESIDB.PAGE_META * i + 2] = typeof piece === 'string' ? lengthBytesUTF8(piece) : piece.length;
        total += meta[ESIDB.PAGE_META * i + 2] + 1;
      }
      const textPtr = _es_idb_page_buffer(total + 1, purpose);  // C++ owns it (a load keeps its pages)
      const metaPtr = _malloc(8 * Math.max(1, meta.length));
      let at = textPtr;
      for (let i = 0; i < pieces.length; i++) {
        const piece = pieces[i], n = meta[ESIDB.PAGE_META * i + 2];
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
    // Tells C++ that the record read at `next` cannot be handed over as events.
    badRecord: function (next, why) {
      const p = ES.str(why);
      _es_idb_on_bad_record(next, p);
      _free(p);
    },
    // Reads every event with position > after, page by page, into C++ for `purpose`. A page is
    // the next `count` records from the last key read: 20 at first, then as many as hold about
    // PAGE events (2,000 at the most). Every key must be a position; the first one that is not
    // stops the read there (after the events before it). C++ checks the rest (a gap between
    // records, a segment's line count, each line) and answers 0 to stop. done(error, next).
    readAfter: function (after, purpose, done) {
      const db = ESIDB.db;
      let next = after + 1, count = ESIDBEarly.FIRST_COUNT;  // a first look; then sized by what records hold
      // The page load's first pages were read by web/idb_early.js while the app started; one that
      // is not the page this read asks for next is not used (it is read again).
      const early = purpose === ESIDB.PagePurpose.Load && after === 0 ? ESIDBEarly.claimPages() : [];
      // Hands over what was read before a record that stops the read; false when C++ stopped at
      // one of those already (or reloads the whole log).
      function deliverBefore(records) {
        return !records.pieces.length || ESIDBRead.deliverPage(records, purpose);
      }
      // One page's records, fetched in its own read-only transaction. The next page is asked for
      // before the current one goes to C++, so IndexedDB reads it (off the main thread) while C++
      // decodes; if C++ then answers 0, the page read ahead is dropped unread.
      function fetchPage(from, n) {
        while (early.length && early[0].from < from) early.shift();
        if (early.length && early[0].from === from && early[0].n === n) {
          ESIDBEarly.noteUsed();
          const p = early.shift();
          p.early = true;
          return p;
        }
        return ESIDBEarly.fetchPage(db, from, n, ES.describe);
      }
      function whenFetched(p, fn) {
        if (p.settled) fn(p);
        else p.onSettled = fn;
      }
      function onPage(p) {
        if (p.err && p.early) {  // an early read's error is not the load's: it reads the page itself
          whenFetched(ESIDBEarly.fetchPage(db, p.from, p.n, ES.describe), onPage);
          return;
        }
        if (p.err) { done(p.err); return; }
        const keys = p.keys, values = p.values;
        const records = { pieces: [], meta: [] };
        let events = 0;
        for (let i = 0; i < keys.length; i++) {
          const v = values[i], key = keys[i];
          if (!ESIDB.isPosition(key)) {
            if (deliverBefore(records)) ESIDBRead.badRecord(next, ESIDB.strayKey(key));
            done(null, next);
            return;
          }
          const f = v && typeof v === 'object' && typeof v.f === 'number' ? v.f : 0;
          if (f > ESIDB.RecordFormat.Segment) {  // newer than the newest format this page knows
            if (deliverBefore(records)) _es_idb_on_newer_record(key, f);
            done(null, next);
            return;
          }
          let piece, first = key;
          if (f === ESIDB.RecordFormat.Segment || f === ESIDB.RecordFormat.TextSegment) {
            // A `first` that is not a position reaches C++ as NaN, which names the record.
            first = ESIDB.isPosition(v.first) ? v.first : NaN;
            piece = f === ESIDB.RecordFormat.Segment ? (v.bytes instanceof Uint8Array ? v.bytes : new Uint8Array(0))
                                                     : (typeof v.lines === 'string' ? v.lines : '');
          } else {
            // Anything that is not a well-formed record goes through as text, so the C++ decoder
            // names the position and what is wrong with it.
            const line = f === ESIDB.RecordFormat.Event && typeof v.line === 'string' ? v.line : JSON.stringify(v);
            piece = line.indexOf('\n') >= 0 ? line.replace(/\n/g, ' ') : line;
          }
          records.pieces.push(piece);
          records.meta.push(first, key, 0);  // the byte length is measured by deliverPage
          events += ESIDBEarly.eventsIn(key, first, next);
          next = key + 1;
        }
        let ahead = null;
        if (keys.length === count) {
          count = ESIDBEarly.nextCount(events, keys.length);
          ahead = fetchPage(next, count);
        }
        if (!deliverBefore(records) || !ahead) { done(null, next); return; }
        whenFetched(ahead, onPage);
      }
      whenFetched(fetchPage(next, count), onPage);
    },
    readSnapshots: function (done) {
      const tx = ESIDB.db.transaction('snapshots', 'readonly');
      const req = tx.objectStore('snapshots').getAll();
      tx.oncomplete = function () {
        const lines = req.result.filter(function (v) { return v && v.f === ESIDB.JSON_FORMAT && typeof v.json === 'string'; })
          .map(function (v) { return v.json; }).join('\n');
        const b = ES.bytes(lines);
        _es_idb_on_snapshots(b.ptr, b.len);
        _free(b.ptr);
        done();
      };
      tx.onabort = function () { done(); };  // snapshots are a cache: without them replay is slower, not wrong
    },
    // Reads the head, then every record into C++ (PagePurpose.Load), then the snapshots.
    loadAll: function () {
      const db = ESIDB.db;
      if (!db) { ESIDB.unavailable('the database is closed'); return; }
      // The head (the last record's key) is the number of events to load, for the progress bar.
      const countTx = db.transaction('events', 'readonly');
      const countReq = countTx.objectStore('events').openKeyCursor(IDBKeyRange.upperBound(Infinity), 'prev');
      // Keys below 1 sort before every position, where readAfter never looks: checked here.
      const lowReq = countTx.objectStore('events').openKeyCursor(IDBKeyRange.upperBound(1, true));
      countTx.oncomplete = function () {
        const head = countReq.result ? countReq.result.key : 0;
        _es_idb_on_load_begin(ESIDB.isPosition(head) ? Math.min(head, 1e9) : 0);  // for the progress bar
        ESIDBRead.readAfter(0, ESIDB.PagePurpose.Load, function (err, next) {
          // A key below 1 is named once the events are handed over, so they are still shown.
          if (!err && lowReq.result) ESIDBRead.badRecord(next, ESIDB.strayKey(lowReq.result.key));
          if (err) { ESIDB.unavailable('reading the stored events failed: ' + err); return; }
          ESIDBRead.readSnapshots(function () { _es_idb_on_load_end(); });
        });
      };
      countTx.onabort = function () { ESIDB.unavailable(ES.describe(countTx.error)); };
    },
  },

  // Reloads the whole log (after a reset, or when this tab's view diverged from the database).
  es_idb_load_all__deps: ['$ESIDBRead'],
  es_idb_load_all: function () { ESIDBRead.loadAll(); },

  // Reads the records after `position` (another tab's events) into C++ (PagePurpose.CatchUp),
  // then tells C++ the read ended, with what went wrong ('' when nothing did).
  es_idb_fetch_after__deps: ['$ES', '$ESIDB', '$ESIDBRead'],
  es_idb_fetch_after: function (position) {
    if (!ESIDB.db) return;
    ESIDBRead.readAfter(position, ESIDB.PagePurpose.CatchUp, function (err) {
      const p = ES.str(err || '');
      _es_idb_on_fetch_end(p);
      _free(p);
    });
  },
});
