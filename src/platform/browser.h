// Every function C++ imports from the --js-library files in web/, grouped by file. Only
// src/platform includes it; the app and the core never know they run in a browser. The way back,
// JS calling C++, is the EMSCRIPTEN_KEEPALIVE functions of src/platform/*.cpp, listed in
// CMakeLists.txt's EXPORTED_FUNCTIONS; the numbers both directions share are named in
// storage/indexeddb_format.h (IndexedDB's) and below (the rest).
#pragma once

namespace es::platform {
// A text-size shortcut the page kept from the browser's zoom (es_take_text_size_key); the same
// names and values as ES.TextSizeKey in web/platform.js.
enum class TextSizeKey : int { None = 0, Larger = 1, Smaller = 2, Reset = 3 };
}  // namespace es::platform

extern "C" {

// --- web/platform.js: the canvas, text size, page shell, address, files, the tests' hook ----
void es_sync_canvas_size();  // the backing store (and GLFW's window) = CSS size x devicePixelRatio
double es_device_pixel_ratio();
double es_saved_text_size();  // 0: none kept
void es_save_text_size(double size);
void es_install_text_size_keys();
int es_prefers_reduced_motion();  // 1: the browser asks for less motion (prefers-reduced-motion: reduce)
int es_take_text_size_key();  // a TextSizeKey: the last shortcut pressed since the last call
void es_notify_first_frame();
void es_report_startup_error(const char* kind, const char* detail);
void es_open_url(const char* url);
char* es_requested_lesson();  // a new string for the caller to free()
void es_install_hash_listener();
void es_set_lesson_hash(const char* id);
void es_download(const char* name, const char* data, int len, const char* mime);
void es_pick_import_file();
void es_install_import_drop();
void es_install_test_hook();

// --- web/idb.js: the database, lesson progress, persistent storage ----------------------------
void es_idb_start();
void es_idb_save_progress(const char* id, const char* json);
void es_idb_request_persist();  // navigator.storage.persist(); answered by es_idb_on_storage_info

// --- web/idb_read.js: stored records into C++ ------------------------------------------------
void es_idb_load_all();
void es_idb_fetch_after(double position);

// --- web/idb_write.js: writes and the reset ---------------------------------------------------
// A part of the next write's records: the bytes and four numbers per record of
// storage/stored_records.h's RecordsToStore, copied out of the heap at once.
void es_idb_stage_records(const char* records, const double* meta, int count);
// Stores the records staged since the last write, and `snaps` (snapshot JSON lines), in one write.
void es_idb_write(const char* snaps, int snaps_len);
void es_idb_reset();
// Replaces the records under `keys` (`count` of them) by one segment holding positions
// first..keys[count - 1] as `bytes`, if they still hold exactly those bytes (storage/
// stored_compaction.h); answered by es_idb_on_compact_done.
void es_idb_compact(const char* bytes, int len, double first, const double* keys, int count);

}  // extern "C"
