// Writing to IndexedDB (--js-library; the database is opened by web/idb.js): one write per frame's
// outbox, and the reset. C++ hands over the event records ready to store (src/storage/
// stored_records.h cuts them; this file never splits or joins lines) and the snapshots.
//
// The single writer is the readwrite transaction itself: IndexedDB never runs two over the same
// store at once, across tabs too, and a tab that closes or crashes mid-write has its transaction
// aborted, so nothing stays locked. Inside it the head check runs first: the last stored position
// must be the one this tab built on, else the transaction aborts before it can commit and C++
// hears WriteStatus.AnotherTab. Records are added with add(), so a key already taken fails
// instead of being overwritten. A committed write tells the other tabs the new head.
// docs/INDEXEDDB_FORMAT.md describes the records and the messages.
mergeInto(LibraryManager.library, {
  // Writes one outbox in one transaction (durability 'strict'): `count` event records, their bytes
  // at `bytesPtr` one after the other and WRITE_META numbers each at `metaPtr` (format, first
  // position, last position = key, byte length), and snapshot JSON lines. Everything is copied out of the
  // WASM heap before the first asynchronous step. Answers
  // _es_idb_on_write_done(status, head, message), status an ESIDB.WriteStatus; after
  // WriteStatus.AnotherTab, head is the last stored position when known.
  es_idb_write__deps: ['$ES', '$ESIDB'],
  es_idb_write: function (bytesPtr, metaPtr, count, snapsPtr, snapsLen) {
    const records = [];  // [key, value]
    let at = bytesPtr;
    for (let i = 0; i < count; i++) {
      const m = (metaPtr >> 3) + ESIDB.WRITE_META * i;
      const format = HEAPF64[m], first = HEAPF64[m + 1], key = HEAPF64[m + 2], len = HEAPF64[m + 3];
      records.push([key, format === ESIDB.RecordFormat.Event ? { f: format, line: UTF8ToString(at, len) }
                                                             : { f: format, first: first, bytes: HEAPU8.slice(at, at + len) }]);
      at += len;
    }
    const firstPosition = count ? HEAPF64[(metaPtr >> 3) + 1] : 0;
    const snaps = snapsLen ? UTF8ToString(snapsPtr, snapsLen).split('\n') : [];
    function report(status, head, message) {
      const p = ES.str(message || '');
      _es_idb_on_write_done(status, head, p);
      _free(p);
    }
    const db = ESIDB.db;
    if (!db) { report(ESIDB.WriteStatus.Failed, 0, 'the database is closed'); return; }
    let tx, conflictHead = -1;
    try {
      tx = db.transaction(['events', 'snapshots'], 'readwrite', { durability: 'strict' });
    } catch (e) {
      report(ESIDB.WriteStatus.Failed, 0, ES.describe(e));
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
          snapStore.put({ f: ESIDB.JSON_FORMAT, json: json }, [s.streamId, s.stateType, s.streamVersion]);
        } catch (e) { /* C++ wrote it; cannot happen */ }
      }
    }
    if (records.length) {
      // The head check: the last stored position must be the one just before ours. Its
      // answer comes before the adds' (requests run in order) and a transaction cannot commit
      // while a callback is pending, so aborting here undoes the adds queued behind it
      // without waiting a task for the answer first.
      const last = events.openKeyCursor(null, 'prev');
      last.onsuccess = function () {
        const head = last.result ? last.result.key : 0;  // 0: an empty store
        if (last.result && !ESIDB.isPosition(head)) {  // (IndexedDB sorts strings, dates and arrays after numbers)
          thrown = new Error(ESIDB.strayKey(head) + '; nothing was written');
          tx.abort();
        } else if (head !== firstPosition - 1) {
          conflictHead = head;
          tx.abort();
        }
      };
    }
    addAll();
    tx.oncomplete = function () {
      const head = records.length ? records[records.length - 1][0] : 0;
      report(ESIDB.WriteStatus.Saved, head, '');
      if (records.length) ESIDB.tellTabs({ type: 'head', head: head });
      ESIDB.storageInfo();
    };
    tx.onabort = function () {
      if (conflictHead >= 0) report(ESIDB.WriteStatus.AnotherTab, conflictHead, 'another tab saved events first');
      else if (tx.error && tx.error.name === 'ConstraintError') {
        report(ESIDB.WriteStatus.AnotherTab, 0, 'a position was already taken (another tab wrote first)');
      } else report(ESIDB.WriteStatus.Failed, 0, ES.describe(thrown || tx.error));
    };
  },

  // Deletes every stored event, snapshot and lesson progress, then tells the other tabs.
  es_idb_reset__deps: ['$ES', '$ESIDB'],
  es_idb_reset: function () {
    function done(message) {
      const p = ES.str(message);
      _es_idb_on_reset_done(p);
      _free(p);
    }
    if (!ESIDB.db) { done(''); return; }
    const tx = ESIDB.db.transaction(['events', 'snapshots', 'progress'], 'readwrite', { durability: 'strict' });
    tx.objectStore('events').clear();
    tx.objectStore('snapshots').clear();
    tx.objectStore('progress').clear();
    tx.oncomplete = function () {
      ESIDB.tellTabs({ type: 'reset' });
      ESIDB.storageInfo();
      done('');
    };
    tx.onabort = function () { done(ES.describe(tx.error)); };
  },
});
