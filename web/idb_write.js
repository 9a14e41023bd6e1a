// Writing to IndexedDB (--js-library; the database is opened by web/idb.js): one write per frame's
// outbox, the compaction of small records into segments, and the reset. C++ hands over the event
// records ready to store (src/storage/stored_records.h cuts them, stored_compaction.h plans the
// merges; this file never splits or joins lines) and the snapshots.
//
// The single writer is the readwrite transaction itself: IndexedDB never runs two over the same
// store at once, across tabs too, and a tab that closes or crashes mid-write has its transaction
// aborted, so nothing stays locked. Inside it the head check runs first: the last stored position
// must be the one this tab built on, else the transaction aborts before it can commit and C++
// hears WriteStatus.AnotherTab. Records are added with add(), so a key already taken fails
// instead of being overwritten. A committed write tells the other tabs the new head.
// docs/INDEXEDDB_FORMAT.md describes the records and the messages.
mergeInto(LibraryManager.library, {
  // A part of the next write's records (src/storage/stored_records.h's RecordsToStore: their
  // bytes one after the other, WRITE_META numbers each), copied out of the heap now and stored by
  // the next es_idb_write, in its transaction. So a write of a million events never has its
  // bytes twice in WASM memory (src/platform/persistence_write.cpp).
  es_idb_stage_records__deps: ['$ESIDB'],
  es_idb_stage_records: function (bytesPtr, metaPtr, count) {
    ESIDB.copyRecords(bytesPtr, metaPtr, count, ESIDB.staged);
  },

  // Writes one outbox in one transaction (durability 'strict'): the records staged since the last
  // write (es_idb_stage_records) and snapshot JSON lines, copied out of the WASM heap before the
  // first asynchronous step.
  // Answers _es_idb_on_write_done(status, head, message), status an ESIDB.WriteStatus; after
  // WriteStatus.AnotherTab, head is the last stored position when known.
  es_idb_write__deps: ['$ES', '$ESIDB'],
  es_idb_write: function (snapsPtr, snapsLen) {
    const records = ESIDB.staged;  // [key, value], in the order staged
    ESIDB.staged = [];
    const firstPosition = !records.length ? 0 : records[0][1].f === ESIDB.RecordFormat.Event ? records[0][0] : records[0][1].first;
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

  // Compaction (src/storage/stored_compaction.h decides what): replaces the records under the
  // `count` keys at `keysPtr` by one segment {f: Segment, first, bytes} under the last key, in one
  // readwrite transaction, and only if the records between `first` and that key are exactly
  // those, holding exactly `bytes` (each record's lines joined by '\n', the records too). Else
  // (another tab compacted them, a reset, an edit) nothing changes. The last key, the head check's
  // and every reader's anchor, stays. Answers _es_idb_on_compact_done(status): Saved,
  // AnotherTab (left alone: not the records expected) or Failed.
  es_idb_compact__deps: ['$ESIDB'],
  es_idb_compact: function (bytesPtr, len, first, keysPtr, count) {
    const bytes = HEAPU8.slice(bytesPtr, bytesPtr + len);
    const keys = Array.from(HEAPF64.subarray(keysPtr >> 3, (keysPtr >> 3) + count));
    const last = keys[count - 1];
    const db = ESIDB.db;
    if (!db) { _es_idb_on_compact_done(ESIDB.WriteStatus.Failed); return; }
    let tx, differs = false;
    try {
      tx = db.transaction('events', 'readwrite', { durability: 'strict' });
    } catch (e) {
      _es_idb_on_compact_done(ESIDB.WriteStatus.Failed);
      return;
    }
    const store = tx.objectStore('events'), range = IDBKeyRange.bound(first, last);
    const keysReq = store.getAllKeys(range), valuesReq = store.getAll(range);
    // Whether the stored records are exactly the ones planned, holding `bytes`.
    function same(storedKeys, values) {
      if (storedKeys.length !== count) return false;
      const utf8 = new TextEncoder();
      let at = 0, expectFirst = first;
      for (let i = 0; i < count; i++) {
        const v = values[i], key = storedKeys[i];
        if (key !== keys[i] || !v || typeof v !== 'object') return false;
        let piece;
        if (v.f === ESIDB.RecordFormat.Event && typeof v.line === 'string') {
          if (key !== expectFirst) return false;
          piece = utf8.encode(v.line);
        } else if (v.f === ESIDB.RecordFormat.Segment && v.bytes instanceof Uint8Array && v.first === expectFirst) {
          piece = v.bytes;
        } else if (v.f === ESIDB.RecordFormat.TextSegment && typeof v.lines === 'string' && v.first === expectFirst) {
          piece = utf8.encode(v.lines);
        } else {
          return false;
        }
        if (i > 0 && bytes[at++] !== 10) return false;
        if (at + piece.length > bytes.length) return false;
        for (let j = 0; j < piece.length; j++) if (bytes[at + j] !== piece[j]) return false;
        at += piece.length;
        expectFirst = key + 1;
      }
      return at === bytes.length;
    }
    valuesReq.onsuccess = function () {
      if (!same(keysReq.result, valuesReq.result)) {
        differs = true;
        tx.abort();
        return;
      }
      store.delete(range);
      store.add({ f: ESIDB.RecordFormat.Segment, first: first, bytes: bytes }, last);
    };
    tx.oncomplete = function () { _es_idb_on_compact_done(ESIDB.WriteStatus.Saved); };
    tx.onabort = function () {
      _es_idb_on_compact_done(differs ? ESIDB.WriteStatus.AnotherTab : ESIDB.WriteStatus.Failed);
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
