// A lesson as data: what assets/lessons/NN-<id>.json holds once loaded and validated
// (docs/LESSONS.md is the format). Plain structs; lesson_parse.cpp fills them and refuses a file
// with a missing or malformed field, naming the file and the field; lesson_load.cpp reads files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/result.h"

namespace es::lessons {

// What a step asks for, checked against the lesson's sandbox (goals.cpp).
struct Goal {
    enum class Kind {
        Event, Balance, Rejected, ConflictResolved, TimeTravel, SteppedThrough, ReplayStepped, Projection, Snapshot,
        Upcast, TamperDetected, DigestDetected, Answered, Window, Sequence, DiagramDrawn, CaughtUp, Code, CodeRun, All,
    };
    Kind kind = Kind::Event;
    // event
    std::string type;
    std::string account;        // also: balance, conflict_resolved, time_travel, ...
    std::string stream_prefix;
    std::optional<int64_t> amount_cents;
    std::string actor;
    uint64_t min_count = 1;
    bool reason_required = false;
    std::optional<int> schema_version;
    uint64_t distinct_types = 0;
    size_t text_min_length = 0;
    // balance, time_travel
    int64_t cents = 0;
    // rejected, sequence
    std::string command;
    // projection
    std::string name;
    std::optional<int> version;
    bool rebuilt = false;
    std::optional<bool> matches_replay;
    // snapshot
    uint64_t max_replayed = 0;
    // answered
    std::string question;
    // window: a lesson name from windows.h, of a window not open at start
    std::string window;
    // sequence, diagram_drawn: "command" or "replay"
    std::string trace;
    // code, code_run: the exercise ("fold", "read-model", "domain"), its read model or stream
    std::string exercise, model, stream;
    // code_run: every event before the first of this type matched; `printed`: a line printed per event
    std::string until_type;
    bool printed = false;
    // all
    std::vector<Goal> goals;
};

// Something a learner can do; a step's solution and a lesson's setup are lists of them
// (LessonRun::perform in lesson_run.cpp does them through the sandbox's own command path).
struct Action {
    enum class Kind {
        Command, Record, LegacyDeposit, Tamper, Verify, Travel, BackToNow, StepThrough, OpenWindow,
        SetBalancesVersion, Rebuild, AddProjection, SnapshotEvery, Answer, TraceReplay, PlaySequence,
        SaveDigest, CheckDigest, StepReplay, Eventual, CatchUp, TypeCode, RunCode, CheckCode, ArrangeDiagram,
    };
    Kind kind = Kind::Command;
    Json command;          // command: the command JSON of src/bank/commands.h
    std::string stream, type, time, text;  // record
    std::string account;   // legacy_deposit, step_through, trace_replay, step_replay, arrange_diagram (replay)
    std::string amount;    // legacy_deposit, tamper: "20.00"
    uint64_t position = 0; // tamper, travel
    bool rehash = false;   // tamper: recompute the hash of the changed event and of every later one
    std::string window;    // open_window: a lesson name from windows.h
    int version = 0;       // set_balances_version
    std::string projection;  // rebuild, add_projection
    uint64_t n = 0;        // snapshot_every
    std::string question;  // answer
    int choice = 0;
    bool on = false;                 // eventual: the mode on or off
    bool release_on_request = false;  // eventual: "on_request" (else "delay")
    std::string exercise;  // type_code, run_code, check_code: "fold", "read-model", "domain" (also `stream`)
    std::optional<std::string> code;  // type_code: the text (absent: the exercise's solution)
    std::string model;     // type_code, run_code, check_code: the read-model exercise's model
    std::string trace;     // arrange_diagram: "command" or "replay"
};

struct GoalCheck {
    bool met = false;
    std::string detail;  // what is there now / what is still missing, for the learner
};

// A lesson-only form drawn under a step.
struct Tool {
    enum class Kind { None, RecordEvent, LegacyDeposit, Tamper };
    Kind kind = Kind::None;
    std::string stream, type, account;
};

// What the Commands window's fields hold when a lesson starts, or when a step begins (a field left
// out keeps the value it has): a lesson never inherits what another lesson, or the learner's own
// sandbox, left in them.
struct Form {
    std::optional<std::string> account, to_account, owner, currency, amount, actor, reason, expected_version;
};

struct Step {
    std::string instruction;
    std::optional<Form> form;
    Goal goal;
    std::vector<std::string> hints;
    std::vector<Action> solution;
    Tool tool;
};

struct Choice {
    std::string text;
    bool correct = false;
    std::string explanation;
};

struct Question {
    std::string id;
    std::string prompt;
    std::vector<Choice> choices;
    int correct_choice() const;
};

struct ReadingLink {
    std::string key, title, url;
};

struct Lesson {
    std::string id;
    int order = 0;
    std::string title, summary;
    std::vector<std::string> explanation;
    Form form;  // over the sandbox's defaults
    std::vector<Action> setup;
    std::vector<Step> steps;
    std::vector<Question> questions;
    std::vector<std::string> reading;  // keys of reading_catalogue()
    std::string file;  // the file it came from, for messages

    const Question* find_question(const std::string& id) const;
};

// The further-reading links lessons may name (docs/LESSONS.md).
const std::vector<ReadingLink>& reading_catalogue();
const ReadingLink* find_reading(const std::string& key);

// Why a free-form event could not be recorded (the record_event tool and `record` actions), or ""
// when it can: the stream is not an account's, the type is one capitalised word, the time HH:MM.
std::string record_problem(const std::string& stream, const std::string& type, const std::string& time,
                           const std::string& text);
constexpr size_t kMaxRecordText = 500;

// Parses and validates one lesson file's JSON. Errors read "<file>: <field>: <what is wrong>",
// e.g. "05-time-travel.json: steps[1].goal.account: expected a string".
Result<Lesson> parse_lesson(const Json& j, const std::string& file_name);
// Reads and parses one file (a JSON syntax error is reported with the file name).
Result<Lesson> load_lesson_file(const std::string& path);
// Every *.json file in `dir`, sorted by order. The first bad file's error, if any; also refuses
// two lessons with the same id or order.
Result<std::vector<Lesson>> load_lessons(const std::string& dir);

}  // namespace es::lessons
