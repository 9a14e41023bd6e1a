// Opens the IndexedDB database and reads the first pages of stored events while app.js and
// app.wasm download and compile (a quarter of a second on this machine, docs/PERFORMANCE.md), so
// the load on page open starts from records already read instead of opening the database then.
// A plain script, run by index.html before loader.js; web/idb.js adopts the open request
// (ESIDBEarly.open) and web/idb_read.js the pages read (ESIDBEarly.claimPages). It only reads:
// every rule about what a record may hold stays in C++ (src/storage/stored_pages.h), and anything
// unexpected here (no IndexedDB, an error, a key that is not a position) just stops the early
// read, leaving it to the load, which reports it as it always has.
'use strict';
window.ESIDBEarly = (function () {
  const NAME = 'es-sandbox';  // the database, and the BroadcastChannel between tabs
  const VERSION = 1;
  const FIRST_COUNT = 20;     // records in a load's first page; the next are sized by what they hold
  const PAGE = 10000;         // events read per transaction, about
  const MAX_COUNT = 2000;     // records per page at the most
  const AHEAD_EVENTS = 200000;  // read at most this many events before the app takes over

  let request = null, openError = null, closed = false;
  let outcome = '';           // 'success' or 'error' once the open request settled
  let waiter = null;          // the app's callback for that outcome (open())
  let claimed = false;
  const pages = [];           // read (or being read) in order; each {from, n, settled, err, keys, values}
  // For the benchmarks and tests: pages read early, how many of them the load used, and how many
  // had arrived when the app took them.
  const stats = { read: 0, used: 0, readyWhenClaimed: 0, openedAt: 0, claimedAt: 0 };  // at: performance.now()

  // The stores of version 1 (docs/INDEXEDDB_FORMAT.md).
  function upgrade(db, oldVersion) {
    if (oldVersion < 1) {
      db.createObjectStore('events');
      db.createObjectStore('snapshots');
      db.createObjectStore('progress');
    }
  }

  function isPosition(key) { return Number.isSafeInteger(key) && key >= 1; }

  // The next page's record count after a full page of `count` records that held `events` events:
  // about PAGE events (the rule idb_read.js applies as it reads).
  function nextCount(events, count) {
    const perRecord = events / count;
    return Math.max(1, Math.min(MAX_COUNT, Math.floor(PAGE / Math.max(1, perRecord))));
  }

  // How many events a record at `key` whose events start at `first` adds to a load that has read
  // up to `next` (a record overlapping what came before adds only the rest; a `first` that is
  // not a position counts as one event). Both readers size their next page by it.
  function eventsIn(key, first, next) {
    return isPosition(first) ? key - Math.max(first, next) + 1 : 1;
  }

  // `n` records from key `from` on, in their own read-only transaction; `describe` words an error.
  function fetchPage(db, from, n, describe) {
    describe = describe || function (e) { return String(e && e.message || e); };
    const p = { from: from, n: n, settled: false, onSettled: null };
    function settle(err, keys, values) {
      p.settled = true; p.err = err; p.keys = keys; p.values = values;
      if (p.onSettled) p.onSettled(p);
    }
    let tx;
    try {
      tx = db.transaction('events', 'readonly');
    } catch (e) {
      settle(describe(e));
      return p;
    }
    const store = tx.objectStore('events');
    const range = IDBKeyRange.lowerBound(from);  // strings, dates and arrays sort after numbers
    const keysReq = store.getAllKeys(range, n);
    const valuesReq = store.getAll(range, n);
    tx.oncomplete = function () { settle(null, keysReq.result, valuesReq.result); };
    tx.onabort = function () { settle(describe(tx.error)); };
    return p;
  }

  // Reads pages one after the other from position 1 until the app claims them, the log ends, a
  // record is not a plain position-keyed one, or AHEAD_EVENTS are read.
  function readAhead(db) {
    let next = 1, count = FIRST_COUNT, events = 0;
    function step() {
      if (claimed || closed || events >= AHEAD_EVENTS) return;
      const p = fetchPage(db, next, count);
      pages.push(p);
      stats.read++;
      p.onSettled = function () {
        p.onSettled = null;
        if (p.err || p.keys.length < count) return;  // the end of the log, or the load will say
        let held = 0;
        for (let i = 0; i < p.keys.length; i++) {
          const key = p.keys[i], v = p.values[i];
          if (!isPosition(key)) return;
          held += eventsIn(key, v && typeof v === 'object' ? v.first : key, next);
          next = key + 1;
        }
        events += held;
        count = nextCount(held, p.keys.length);
        step();
      };
    }
    step();
  }

  function start() {
    try {
      if (typeof indexedDB === 'undefined' || !indexedDB) throw new Error('this browser has no IndexedDB');
      request = indexedDB.open(NAME, VERSION);
    } catch (e) {
      openError = e;
      return;
    }
    const req = request;
    req.onupgradeneeded = function (ev) { upgrade(req.result, ev.oldVersion); };
    req.onerror = function (ev) {
      ev.preventDefault();  // idb.js reports it (req.error)
      settled('error');
    };
    req.onsuccess = function () {
      const db = req.result;
      stats.openedAt = performance.now();
      // Another tab upgrading before the app takes over: close, as idb.js would (it then reports it).
      db.onversionchange = function () { db.close(); closed = true; };
      readAhead(db);
      settled('success');
    };
  }
  // The request's readyState says 'done' already during the upgrade, before its success: so the
  // outcome is passed on from the events themselves.
  function settled(how) {
    outcome = how;
    if (waiter) waiter(request, how === 'success');
  }
  start();

  return {
    NAME: NAME,
    VERSION: VERSION,
    PAGE: PAGE,
    FIRST_COUNT: FIRST_COUNT,
    upgrade: upgrade,
    nextCount: nextCount,
    eventsIn: eventsIn,
    fetchPage: fetchPage,
    // Calls done(request, ok) once the open request made at page start has settled (at once if
    // it has): ok false means request.error says why. Throws the error that kept it from being
    // made. Once per page (idb.js's es_idb_start).
    open: function (done) {
      if (openError) throw openError;
      if (waiter) throw new Error('the database was already taken over');
      waiter = function (req, ok) { waiter = function () {}; done(req, ok); };
      if (outcome) waiter(request, outcome === 'success');
    },
    // Whether another tab's upgrade closed the database before the app took it over.
    closedEarly: function () { return closed; },
    // The pages read ahead, in order, each settled or on its way; only once, for the first load
    // (idb.js also calls it to drop them when IndexedDB turns out unusable). Reading ahead stops.
    claimPages: function () {
      if (claimed) return [];
      claimed = true;
      stats.claimedAt = performance.now();
      stats.readyWhenClaimed = pages.filter(function (p) { return p.settled; }).length;
      return pages.splice(0);
    },
    // The load took one of the claimed pages instead of reading it again.
    noteUsed: function () { stats.used++; },
    stats: stats,
  };
})();
