// Bad lesson files are refused with the file and the field named, so a typo in assets/lessons fails
// `make test` instead of silently checking nothing in the browser.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "lessons/lesson.h"
#include "lessons/windows.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::lessons;

namespace {

// A small valid lesson; each test breaks one thing.
Json good() {
    return Json::parse(R"({
      "id": "time-travel", "order": 5, "title": "Time travel", "summary": "Back in time",
      "explanation": ["Replay up to a point."],
      "setup": [{"do": "command", "command": {"type": "OpenAccount", "accountId": "alice", "owner": "Alice",
                                               "currency": "USD", "actor": "learner"}}],
      "steps": [{"instruction": "Travel to position 1.",
                 "goal": {"kind": "time_travel", "account": "alice", "balance_cents": 0},
                 "hints": ["Use the Events window."],
                 "solution": [{"do": "travel", "position": 1}]}],
      "questions": [{"id": "why", "prompt": "Why?", "choices": [
          {"text": "Replay", "correct": true, "explanation": "Yes."},
          {"text": "Backups", "correct": false, "explanation": "No."}]}],
      "reading": ["fowler"]
    })");
}

std::string error_of(const Json& j) {
    auto r = parse_lesson(j, "05-time-travel.json");
    REQUIRE_FALSE(r.ok());
    return r.error().message;
}

}  // namespace

TEST_CASE("the small lesson used below is valid") {
    auto r = parse_lesson(good(), "05-time-travel.json");
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    CHECK(r->steps.size() == 1);
    CHECK(r->questions[0].correct_choice() == 0);
}

TEST_CASE("each kind of mistake is named by file and field") {
    struct Case {
        const char* what;
        void (*breaks)(Json&);
        const char* message;
    };
    const Case cases[] = {
        {"missing title", [](Json& j) { j.erase("title"); }, "05-time-travel.json: field 'title' is missing"},
        {"empty explanation", [](Json& j) { j["explanation"] = Json::array(); }, "05-time-travel.json: field 'explanation': expected 1 to 4 entries, found 0"},
        {"unknown goal kind", [](Json& j) { j["steps"][0]["goal"]["kind"] = "teleport"; },
         "05-time-travel.json: field 'steps[0].goal.kind': unknown goal kind 'teleport'"},
        {"goal field of the wrong type", [](Json& j) { j["steps"][0]["goal"]["account"] = 7; },
         "05-time-travel.json: field 'steps[0].goal.account': expected a string"},
        {"misspelt goal field", [](Json& j) { j["steps"][0]["goal"]["balance_cent"] = 1; },
         "05-time-travel.json: unknown field 'steps[0].goal.balance_cent'"},
        {"bad account id", [](Json& j) { j["steps"][0]["goal"]["account"] = "a b"; },
         "05-time-travel.json: field 'steps[0].goal.account': 'a b' is not an account id"},
        {"no hints", [](Json& j) { j["steps"][0]["hints"] = Json::array(); },
         "05-time-travel.json: field 'steps[0].hints': expected 1 to 4 entries, found 0"},
        {"unknown action", [](Json& j) { j["steps"][0]["solution"][0]["do"] = "fly"; },
         "05-time-travel.json: field 'steps[0].solution[0].do': unknown action 'fly'"},
        {"a command the bank would refuse to parse", [](Json& j) { j["setup"][0]["command"]["currency"] = 5; },
         "05-time-travel.json: field 'setup[0].command': "},
        {"a bad amount", [](Json& j) { j["steps"][0]["solution"][0] = Json{{"do", "legacy_deposit"}, {"account", "alice"}, {"amount", "1.234"}}; },
         "05-time-travel.json: field 'steps[0].solution[0].amount': "},
        {"two correct choices", [](Json& j) { j["questions"][0]["choices"][1]["correct"] = true; },
         "05-time-travel.json: field 'questions[0].choices': exactly one choice must be \"correct\": true (found 2)"},
        {"a choice without explanation", [](Json& j) { j["questions"][0]["choices"][1].erase("explanation"); },
         "05-time-travel.json: field 'questions[0].choices[1].explanation' is missing"},
        {"an answer goal naming no question", [](Json& j) { j["steps"][0]["goal"] = Json{{"kind", "answered"}, {"question", "nope"}}; },
         "05-time-travel.json: field 'steps[0].goal.question': no question 'nope' in this lesson"},
        {"an answer action past the choices", [](Json& j) { j["steps"][0]["solution"][0] = Json{{"do", "answer"}, {"question", "why"}, {"choice", 3}}; },
         "05-time-travel.json: field 'steps[0].solution[0].choice': question 'why' has 2 choices"},
        {"unknown reading", [](Json& j) { j["reading"] = Json::array({"wikipedia"}); },
         "05-time-travel.json: field 'reading[0]': unknown reading 'wikipedia'"},
        {"unknown window", [](Json& j) { j["steps"][0]["goal"] = Json{{"kind", "window"}, {"window", "settings"}}; },
         "05-time-travel.json: field 'steps[0].goal.window': unknown window 'settings'"},
        {"a window that is open anyway", [](Json& j) { j["steps"][0]["goal"] = Json{{"kind", "window"}, {"window", "events"}}; },
         "05-time-travel.json: field 'steps[0].goal.window': 'events' is open when a lesson starts"},
        {"an open_window action naming no window", [](Json& j) { j["steps"][0]["solution"][0] = Json{{"do", "open_window"}, {"window", "settings"}}; },
         "05-time-travel.json: field 'steps[0].solution[0].window': unknown window 'settings'"},
        {"a window lessons do not name", [](Json& j) { j["steps"][0]["solution"][0] = Json{{"do", "open_window"}, {"window", "storage"}}; },
         "05-time-travel.json: field 'steps[0].solution[0].window': unknown window 'storage'"},
        {"a window's title instead of its name", [](Json& j) { j["steps"][0]["goal"] = Json{{"kind", "window"}, {"window", "Time travel"}}; },
         "05-time-travel.json: field 'steps[0].goal.window': unknown window 'Time travel'"},
        {"a diagram goal of no such trace", [](Json& j) { j["steps"][0]["goal"] = Json{{"kind", "diagram_drawn"}, {"trace", "Command"}}; },
         "05-time-travel.json: field 'steps[0].goal.trace': expected \"command\" or \"replay\""},
        {"a replay arranged without its account", [](Json& j) { j["steps"][0]["solution"][0] = Json{{"do", "arrange_diagram"}, {"trace", "replay"}}; },
         "05-time-travel.json: field 'steps[0].solution[0].account' is missing"},
        {"a view action in setup", [](Json& j) { j["setup"].push_back(Json{{"do", "travel"}, {"position", 1}}); },
         "05-time-travel.json: field 'setup[1].do': only actions that write history belong in setup"},
        {"a record the tool would refuse", [](Json& j) {
             j["steps"][0]["solution"][0] = Json{{"do", "record"}, {"stream", "day"}, {"type", "woke up"}, {"time", "07:00"}, {"text", "x"}};
         },
         "05-time-travel.json: field 'steps[0].solution[0]': the event type must be one word"},
        {"an unknown read model", [](Json& j) { j["steps"][0]["solution"][0] = Json{{"do", "rebuild"}, {"projection", "totals"}}; },
         "05-time-travel.json: field 'steps[0].solution[0].projection': unknown read model 'totals'"},
        {"an id that is not a slug", [](Json& j) { j["id"] = "Time Travel"; }, "05-time-travel.json: field 'id': use lower-case letters"},
        {"an unknown top-level field", [](Json& j) { j["author"] = "me"; }, "05-time-travel.json: unknown field 'author'"},
        {"nested goal of an `all`", [](Json& j) {
             j["steps"][0]["goal"] = Json{{"kind", "all"}, {"goals", Json::array({Json{{"kind", "tamper_detected"}}, Json{{"kind", "balance"}, {"account", "alice"}}})}};
         },
         "05-time-travel.json: field 'steps[0].goal.goals[1].cents' is missing"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.what);
        Json j = good();
        c.breaks(j);
        const std::string message = error_of(j);
        CHECK_MESSAGE(message.rfind(c.message, 0) == 0, message);
    }
}

TEST_CASE("the windows table names which windows a lesson may open, and which it may wait for") {
    size_t nameable = 0;
    for (const WindowInfo& w : kWindows) {
        if (!*w.lesson_name) continue;
        ++nameable;
        CAPTURE(w.lesson_name);
        CHECK(find_lesson_window(w.lesson_name) == &w);
        Json j = good();
        j["steps"][0]["solution"][0] = Json{{"do", "open_window"}, {"window", w.lesson_name}};
        CHECK(parse_lesson(j, "05-time-travel.json").ok());
        j["steps"][0]["goal"] = Json{{"kind", "window"}, {"window", w.lesson_name}};
        CHECK(parse_lesson(j, "05-time-travel.json").ok() == !w.open_at_start);
    }
    CHECK(nameable == 15);  // commands, events, time_travel, accounts, sequence, projections, snapshots, console, crud,
                            // flow, replay, integrity, upcast, code, draw_diagram
    CHECK(find_lesson_window("") == nullptr);
}

TEST_CASE("files: bad JSON, a name that does not match the id, and duplicate ids are named") {
    const auto dir = std::filesystem::temp_directory_path() / "es-lessons-validation";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto write = [&](const std::string& name, const std::string& text) { std::ofstream(dir / name) << text; };

    write("05-time-travel.json", "{ not json");
    auto bad = load_lessons(dir.string());
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.rfind("05-time-travel.json: not valid JSON at byte ", 0) == 0);

    write("05-time-travel.json", good().dump());
    write("06-wrong-name.json", [] { Json j = good(); j["order"] = 6; return j.dump(); }());
    auto misnamed = load_lessons(dir.string());
    REQUIRE_FALSE(misnamed.ok());
    CHECK(misnamed.error().message == "06-wrong-name.json: id/order: the file should be named 06-time-travel.json");

    std::filesystem::remove(dir / "06-wrong-name.json");
    write("06-time-travel.json", [] { Json j = good(); j["order"] = 6; return j.dump(); }());
    auto duplicate = load_lessons(dir.string());
    REQUIRE_FALSE(duplicate.ok());
    CHECK(duplicate.error().message == "06-time-travel.json: id: 'time-travel' is also the id of 05-time-travel.json");

    std::filesystem::remove(dir / "06-time-travel.json");
    auto one = load_lessons(dir.string());
    REQUIRE(one.ok());
    CHECK(one->size() == 1);
    std::filesystem::remove_all(dir);
}

}  // namespace ES_TEST_FILE_ID
