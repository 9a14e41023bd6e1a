// Export and import in the browser (persistence.cpp has the overview): the log offered as a
// download (JSON Lines, or KurrentDB's append format), and a chosen or dropped file imported,
// validated in full first (all or nothing, handed over in pieces), then written to IndexedDB at once. The file picker,
// the drop target and the download are web/platform.js's.
#include <emscripten/emscripten.h>

#include <string>

#include "bank/log_transfer.h"
#include "platform/browser.h"
#include "platform/persistence_internal.h"

namespace es::platform {
namespace {

void download(const std::string& name, const std::string& data, const char* mime) {
    es_download(name.c_str(), data.data(), static_cast<int>(data.size()), mime);
}

}  // namespace

void carry_out_transfer_requests(app::AppState& app) {
    const app::PlatformRequests& r = app.requests;
    const sandbox::Sandbox* s = app.sandbox.get();
    if (r.export_jsonl && s) download("event-log.jsonl", bank::export_jsonl(s->store().recorded_log()), "application/x-ndjson");
    if (r.export_kurrent && s)
        download("event-log.kurrentdb.json", bank::kurrent_events(s->store().recorded_log()).dump(2), "application/json");
    if (r.pick_import_file) es_pick_import_file();
}

}  // namespace es::platform

extern "C" {

using namespace es::platform;

// A file to import, handed over in pieces (web/platform.js reads the file, then copies it a few MiB
// at a time into one buffer it reuses, so the file's text never sits whole in WASM memory beside
// the log it joins): es_import_begin(name, 1, total bytes), es_import_feed() with each piece while
// it answers 1, pieces for up to ~8 ms a task (the page draws its frames, and the progress, in
// between), then es_import_finish(name), always. An event appended meanwhile (a command, another
// tab's) makes the import refuse: it was checked against the log as it was. es_import_begin answers
// 0 (and says why in the Storage window) when the sandbox cannot take an import now, or when the
// browser could not read the file (its name then holds ": " and why, and `readable` is 0).
EMSCRIPTEN_KEEPALIVE int es_import_begin(const char* name, int readable, double total_bytes) {
    RequestRedraw();
    PlatformState& p = Platform();
    auto& status = p.app.persistence;
    es::sandbox::Sandbox* s = p.app.sandbox.get();
    if (status.importing) {  // (a file dropped on the page meanwhile; the button is disabled)
        status.import_notice = std::string(name) + " was not imported: " + status.import_name +
                               " was still being read. Import it again now.";
        return 0;
    }
    status.import_ok = false;
    if (!readable) {
        status.import_result = std::string("Could not read ") + name;
        return 0;
    }
    if (!s || p.persistence.loading) {
        status.import_result = "The sandbox is still loading; try the import again in a moment.";
        return 0;
    }
    if (es::Status begun = s->begin_import(); !begun.ok()) {
        status.import_result = std::string(name) + " was rejected, nothing was changed: " + begun.error().message;
        return 0;
    }
    status.import_result.clear();  // the last verdict and notice are not this file's
    status.import_notice.clear();
    status.importing = true;
    status.import_name = name;
    status.import_done_bytes = 0.0;
    status.import_total_bytes = total_bytes;
    return 1;
}

EMSCRIPTEN_KEEPALIVE int es_import_feed(const char* piece, int len) {
    RequestRedraw();
    PlatformState& p = Platform();
    es::sandbox::Sandbox* s = p.app.sandbox.get();
    if (!s || !s->importing()) return 0;  // the sandbox was reset meanwhile: es_import_finish says so
    p.app.persistence.import_done_bytes += len;
    return s->feed_import(std::string_view(piece, static_cast<size_t>(len))).ok() ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE void es_import_finish(const char* name) {
    RequestRedraw();
    PlatformState& p = Platform();
    auto& status = p.app.persistence;
    es::sandbox::Sandbox* s = p.app.sandbox.get();
    status.importing = false;
    if (!s || !s->importing()) {
        status.import_result = std::string(name) + " was not imported: the sandbox was reset, or reloaded because "
                                                   "another tab saved first, while it was being read; nothing was changed.";
        return;
    }
    auto imported = s->finish_import();
    if (!imported.ok()) {
        status.import_result = std::string(name) + " was rejected, nothing was changed: " + imported.error().message;
        return;
    }
    if (imported->count == 0) {
        status.import_result = std::string(name) + " has no events; nothing was changed.";
        return;
    }
    // Written at once, not after the next frame: that frame rebuilds every view over the new events.
    if (status.mode == Mode::IndexedDb) send_outbox(p, *s);
    status.import_ok = true;
    status.import_result = "Imported " + std::to_string(imported->count) + " events (positions " +
                           std::to_string(imported->first) + " to " + std::to_string(imported->head) + ") from " +
                           name + ".";
}

}  // extern "C"
