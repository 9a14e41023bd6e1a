// The lessons' ties to the browser (lessons_bridge.h).
#include "platform/lessons_bridge.h"

#include <emscripten.h>

#include <cstdlib>

#include "app/lesson_flow.h"
#include "core/json_parse.h"
#include "platform/browser.h"
#include "platform/persistence.h"
#include "platform/platform_state.h"

namespace es::platform {
namespace {

void ReadRequestedLesson(app::AppState& app) {
    char* id = es_requested_lesson();
    if (id && *id) app.lessons.requested = id;
    std::free(id);
}

}  // namespace

void StartLessons(app::AppState& app) {
    app::LoadLessonPath(app, "/lessons");
    ReadRequestedLesson(app);
    es_install_hash_listener();
}

void LessonsFrame(app::AppState& app) {
    app::PlatformRequests& r = app.requests;
    if (!app.lessons.progress_loaded && app.persistence.mode == app::PersistenceStatus::Mode::MemoryOnly) {
        app.lessons.progress_loaded = true;  // nothing to load: progress lives only in this tab
        RequestRedraw();
    }
    // Saved once IndexedDB is open; kept while it loads (a lesson may be open during a reset's
    // reload); dropped where nothing can be kept.
    using Mode = app::PersistenceStatus::Mode;
    if (app.persistence.mode == Mode::IndexedDb) {
        for (const auto& [id, json] : r.save_progress) es_idb_save_progress(id.c_str(), json.c_str());
        r.save_progress.clear();
    } else if (app.persistence.mode != Mode::Loading) {
        r.save_progress.clear();
    }
    if (!r.open_url.empty()) es_open_url(r.open_url.c_str());
    r.open_url.clear();
    if (r.update_hash) es_set_lesson_hash(app.lessons.run ? app.lessons.run->lesson().id.c_str() : "");
    r.update_hash = false;
    if (!app.lessons.requested.empty()) RequestRedraw();  // until it opens
}

}  // namespace es::platform

extern "C" {

// Every lesson's saved progress: {"<lesson id>": "<progress JSON>"}.
EMSCRIPTEN_KEEPALIVE void es_idb_on_progress(const char* all) {
    es::app::AppState& app = es::platform::Platform().app;
    // Saved progress is read as strictly as any other JSON the page takes in; a record that does
    // not read is left out (that lesson starts afresh) and named, never half-trusted.
    std::string unreadable;
    auto j = es::parse_json(all);
    if (j.ok() && j->is_object()) {
        for (auto it = j->begin(); it != j->end(); ++it) {
            auto progress = it.value().is_string() ? es::parse_json(it.value().get<std::string>())
                                                   : es::Result<es::Json>(es::make_error(es::ErrorCode::Corrupt, "not a string"));
            if (progress.ok() && progress->is_object()) {
                app.lessons.progress[it.key()] = std::move(progress).value();
            } else {
                unreadable += (unreadable.empty() ? "" : ", ") + it.key() + " (" +
                              (progress.ok() ? std::string("not an object") : progress.error().message) + ")";
            }
        }
    } else {
        unreadable = "all of it (" + (j.ok() ? std::string("not an object") : j.error().message) + ")";
    }
    if (!unreadable.empty()) {
        app.lessons.message = "Saved lesson progress that could not be read was left out: " + unreadable + ".";
        app.lessons.message_ok = false;
    }
    app.lessons.progress_loaded = true;
    es::platform::RequestRedraw();
}

EMSCRIPTEN_KEEPALIVE void es_idb_on_progress_error(const char* message) {
    es::app::AppState& app = es::platform::Platform().app;
    app.lessons.message = message;
    app.lessons.message_ok = false;
    app.lessons.progress_loaded = true;  // read as far as it goes: the path starts afresh, and says why
    es::platform::RequestRedraw();
}

EMSCRIPTEN_KEEPALIVE void es_on_hash_change() {
    es::app::AppState& app = es::platform::Platform().app;
    char* id = es_requested_lesson();
    if (id && *id) {
        if (!app.lessons.run || app.lessons.run->lesson().id != id) app.lessons.requested = id;
    } else if (app.lessons.run) {
        es::app::CloseLesson(app);
    }
    std::free(id);
    es::platform::RequestRedraw();
}

}  // extern "C"
