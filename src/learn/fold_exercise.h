// The three "write it yourself" exercises: the learner's Lua program folded over a real event
// log event by event, each step compared with a reference, stopping at the first error or
// difference. AccountFold: apply(account, event) per account stream, against the bank's own
// evolve(). ReadModel: project(model, event) over every event, against a reference read model.
// DomainFold: apply(state, event) over one free-form stream, with no reference: checked for at
// least three event types, no error, and a state that changes with every event.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.h"
#include "core/recorded_log.h"
#include "learn/lua_state.h"

namespace es::learn {

enum class Exercise : uint8_t { AccountFold, ReadModel, DomainFold };
const char* exercise_name(Exercise exercise);  // "fold", "read-model", "domain" (lesson JSON keys)
std::optional<Exercise> exercise_from_name(std::string_view name);

// The reference read models of the ReadModel exercise: "largest-withdrawal" (per account id, the
// largest single withdrawal in cents) and "deposits-by-actor" (per actor, the cents deposited).
const std::vector<std::string>& read_model_names();

struct Field { std::string name; std::string value; };   // values as text: "150.00", "\"Alice\""
struct FieldDiff { std::string name; std::string yours; std::string expected; };

struct ExerciseStep {                 // one event folded
    uint64_t position = 0;            // the event's global position in the log run over
    std::string event;                // "#3 MoneyWithdrawn $50.00"
    std::string key;                  // the account stream / "model" / the free-form stream
    std::vector<Field> yours;         // the learner's state (or model rows) after this event
    std::vector<Field> expected;      // the reference after this event (empty for DomainFold)
    std::vector<FieldDiff> diffs;     // empty = matches
    int line = 0;                     // the line that ran for this event (LuaSandbox::changing_line)
    std::vector<std::string> printed; // print() output while folding this event
};

// One program over one log, event by event. Movable, not copyable.
class ExerciseRun {
public:
    // Loads the program (a syntax error or missing apply/project is reported by error() with
    // done() true). `stream` selects the stream for DomainFold (ignored otherwise); `model`
    // selects the reference for ReadModel (read_model_names(); empty = the first). The log is
    // copied: the run does not change when the caller's log grows.
    ExerciseRun(Exercise exercise, std::string_view program, EventRange log, std::string stream = {},
                std::string model = {}, LuaLimits limits = {});
    ~ExerciseRun();
    ExerciseRun(ExerciseRun&&) noexcept;
    ExerciseRun& operator=(ExerciseRun&&) noexcept;

    Exercise exercise() const;
    bool done() const;                 // all events folded, or stopped at an error / difference
    size_t next_index() const;         // how many events have been folded
    size_t total() const;              // how many events this run folds
    const ExerciseStep* step();        // folds the next event (valid until the next call); nullptr when done()
    void run_all();
    // Every step folded so far; with keep_steps(false) only the last one (a long run's memory).
    const std::vector<ExerciseStep>& steps() const;
    void keep_steps(bool keep);
    // With false, a difference does not stop the run (only an error does): every event is folded
    // and verdict() still names the first difference. What the CLI prints without --check.
    void stop_at_difference(bool stop);
    const std::optional<CodeError>& error() const;
    bool matched() const;              // done, no error, no difference (+ DomainFold's own checks)
    // One sentence: "after #3 MoneyWithdrawn $50.00: your balance 150.00, expected 50.00" /
    // "your fold matches all 7 events" / the error's message / "3 of 7 events folded".
    std::string verdict() const;
    // The learner's table for a key (an account stream, the free-form stream), one field per
    // top-level entry. For ReadModel the model's rows (a row key, or "" for every row).
    std::vector<Field> final_state(std::string_view key) const;
    // The learner's table for a key as JSON (money as integer cents); for ReadModel the model.
    Json final_json(std::string_view key) const;
    // The reference for the same key (empty for DomainFold).
    std::vector<Field> expected_state(std::string_view key) const;
    std::vector<std::string> keys() const;  // account streams / model row keys / the stream

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

struct ExerciseCheck {                // visible log and a generated hidden log
    bool visible_ok = false, hidden_ok = false;
    std::string message;              // what passed / the first failure, hidden-log ones say so
};
// The goal check: the program must match on `visible` and on a log generated from `seed`
// (exercise_logs.h) that the learner has not seen. DomainFold has no reference to generate a log
// for: its hidden_ok follows visible_ok.
ExerciseCheck check_program(Exercise exercise, std::string_view program, EventRange visible,
                            std::string stream = {}, std::string model = {}, uint64_t seed = 19);

}  // namespace es::learn
