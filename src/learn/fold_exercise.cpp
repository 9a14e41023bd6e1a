// The exercise runs (fold_exercise.h): the learner's program folded event by event beside the
// reference (the bank's evolve(), a reference read model, or DomainFold's own checks).
#include "learn/fold_exercise.h"

#include <algorithm>
#include <map>
#include <set>

#include "bank/account.h"
#include "bank/events.h"
#include "bank/money.h"
#include "learn/exercise_events.h"
#include "learn/exercise_logs.h"

namespace es::learn {

namespace {

constexpr const char* kAccountPrefix = "account-";
const std::vector<std::string> kCompared = {"exists", "owner", "balance"};  // AccountFold's fields
const std::vector<std::string> kMoneyFields = {"balance"};

bool is_account_stream(const std::string& stream) { return stream.rfind(kAccountPrefix, 0) == 0; }

// The event at its current schema (a MoneyDeposited v1 upcast to v2); as stored when it cannot be.
RecordedEvent current_schema(const RecordedEvent& e) {
    const UpcasterRegistry& upcasters = bank::bank_upcasters();
    if (!upcasters.needs_upcast(e)) return e;
    auto up = upcasters.upcast(e);
    return up.ok() ? std::move(*up) : e;
}

std::vector<Field> account_fields(const bank::AccountState& s) {
    return {{"exists", s.exists ? "true" : "false"},
            {"owner", value_text(Json(s.owner), false)},
            {"balance", bank::format_amount(s.balance_cents)}};
}

std::vector<Field> row_fields(const std::map<std::string, int64_t>& rows) {
    std::vector<Field> fields;
    for (const auto& [key, cents] : rows) fields.push_back({key, bank::format_amount(cents)});
    return fields;
}

}  // namespace

const char* exercise_name(Exercise exercise) {
    switch (exercise) {
        case Exercise::AccountFold: return "fold";
        case Exercise::ReadModel: return "read-model";
        case Exercise::DomainFold: return "domain";
    }
    return "fold";
}

std::optional<Exercise> exercise_from_name(std::string_view name) {
    for (Exercise e : {Exercise::AccountFold, Exercise::ReadModel, Exercise::DomainFold})
        if (name == exercise_name(e)) return e;
    return std::nullopt;
}

const std::vector<std::string>& read_model_names() {
    static const std::vector<std::string> names = {"largest-withdrawal", "deposits-by-actor"};
    return names;
}

struct ExerciseRun::Impl {
    Exercise exercise;
    std::string stream, model;
    LuaSandbox lua;
    EventList events;            // the ones this run folds, at their current schema
    size_t next = 0;
    bool done = false;
    bool keep = true;
    std::vector<ExerciseStep> steps;
    std::optional<CodeError> error;
    std::string error_event;     // the event being folded when the error came
    bool stop_at_difference = true;
    std::string difference;      // the first difference, as the verdict says it ("" = none yet)
    std::map<std::string, int> tables;                 // the learner's, by key
    std::map<std::string, bank::AccountState> states;  // AccountFold's reference, by stream
    std::map<std::string, std::string> currencies;     // by account stream, for descriptions
    std::map<std::string, int64_t> rows;               // ReadModel's reference
    std::string last_dump;                             // DomainFold: the state before this event
    std::set<std::string> types;                       // DomainFold: the types folded

    Impl(Exercise ex, std::string s, std::string m, LuaLimits limits)
        : exercise(ex), stream(std::move(s)), model(std::move(m)), lua(limits) {}
    const char* function() const { return exercise == Exercise::ReadModel ? "project" : "apply"; }
    void fold_next();
    void compare(ExerciseStep& s, const Json& mine, const RecordedEvent& e, const bank::EventView* view);
};

ExerciseRun::ExerciseRun(Exercise exercise, std::string_view program, EventRange log, std::string stream,
                         std::string model, LuaLimits limits)
    : impl_(std::make_unique<Impl>(exercise, std::move(stream), std::move(model), limits)) {
    Impl& r = *impl_;
    if (r.exercise == Exercise::ReadModel && r.model != read_model_names()[1]) r.model = read_model_names()[0];
    if (r.exercise == Exercise::DomainFold && r.stream.empty()) {  // the newest free-form stream
        for (auto it = log.rbegin(); it != log.rend() && r.stream.empty(); ++it)
            if (!is_account_stream(it->stream_id)) r.stream = it->stream_id;
    }
    for (const RecordedEvent& e : log) {
        const bool folded = r.exercise == Exercise::ReadModel ||
                            (r.exercise == Exercise::AccountFold ? is_account_stream(e.stream_id) : e.stream_id == r.stream);
        if (folded) r.events.push_back(current_schema(e));
    }
    r.error = r.lua.load(program);
    if (!r.error && !r.lua.has_function(r.function())) {
        const std::string signature = r.exercise == Exercise::ReadModel ? "project(model, event)"
                                      : r.exercise == Exercise::AccountFold ? "apply(account, event)"
                                                                            : "apply(state, event)";
        r.error = CodeError{CodeError::Kind::MissingFunction, 0, 0,
                            "your code has no function " + signature + ": define it with `function " + signature + "`"};
    }
    r.done = r.error.has_value() || r.events.empty();
}

ExerciseRun::~ExerciseRun() = default;
ExerciseRun::ExerciseRun(ExerciseRun&&) noexcept = default;
ExerciseRun& ExerciseRun::operator=(ExerciseRun&&) noexcept = default;

void ExerciseRun::Impl::fold_next() {
    const RecordedEvent& e = events[next++];
    bank::EventView view;
    std::optional<bank::BankEvent> holder;
    const bool is_bank = exercise != Exercise::DomainFold && bank::view_or_decode(e, view, holder);
    if (is_bank && view.kind == bank::EventKind::AccountCreated) currencies[e.stream_id] = std::string(view.currency);
    ExerciseStep s;
    s.position = e.global_position;
    s.event = describe_event(e, is_bank ? &view : nullptr, currencies[e.stream_id]);
    s.key = exercise == Exercise::ReadModel ? "model" : e.stream_id;
    auto table = tables.find(s.key);
    if (table == tables.end()) table = tables.emplace(s.key, lua.new_table()).first;
    if (table->second < 0) {
        error = CodeError{CodeError::Kind::MemoryLimit, 0, 0, "no memory left for another table: the memory limit is reached"};
    } else {
        error = lua.fold(function(), &table->second, is_bank ? bank_event_table(e, view) : free_form_event_table(e));
    }
    s.line = lua.changing_line();
    s.printed = lua.take_printed();
    if (error) {
        error_event = s.event;
    } else {
        compare(s, lua.table_json(table->second), e, is_bank ? &view : nullptr);
    }
    if (difference.empty() && !s.diffs.empty()) {
        difference = "after " + s.event + ":";
        for (size_t i = 0; i < s.diffs.size() && i < 3; ++i)
            difference += std::string(i ? ";" : "") + " your " + s.diffs[i].name + " " + s.diffs[i].yours + ", expected " +
                          s.diffs[i].expected;
        if (s.diffs.size() > 3) difference += " (and " + std::to_string(s.diffs.size() - 3) + " more)";
    }
    done = error.has_value() || (stop_at_difference && !difference.empty()) || next == events.size();
    if (!keep) steps.clear();
    steps.push_back(std::move(s));
}

void ExerciseRun::Impl::compare(ExerciseStep& s, const Json& mine, const RecordedEvent& e, const bank::EventView* view) {
    auto float_in = [&](const std::string& name, const Json& value) {
        if (!value.is_number_float()) return false;
        error = CodeError{CodeError::Kind::BadValue, s.line, 0,
                          (s.line > 0 ? "line " + std::to_string(s.line) + ": " : std::string()) + name + " is " +
                              value_text(value, false) +
                              ", a decimal number: money is whole cents, an integer (use // to divide)"};
        error_event = s.event;
        return true;
    };
    switch (exercise) {
        case Exercise::AccountFold: {
            s.yours = table_fields(mine, kMoneyFields, false);
            auto next_state = bank::evolve(states[e.stream_id], e);
            if (!next_state.ok()) {  // the stream's reference stops here; the learner's goes on
                if (difference.empty())
                    difference = "after " + s.event + ": the bank's own fold refuses this event (" + next_state.error().message + ")";
                return;
            }
            states[e.stream_id] = *next_state;
            s.expected = account_fields(*next_state);
            for (size_t i = 0; i < kCompared.size(); ++i) {
                const Json value = mine.is_object() && mine.contains(kCompared[i]) ? mine[kCompared[i]] : Json();
                if (float_in(kCompared[i], value)) return;
                const std::string yours = value_text(value, kCompared[i] == "balance");
                if (yours != s.expected[i].value) s.diffs.push_back({kCompared[i], yours, s.expected[i].value});
            }
            return;
        }
        case Exercise::ReadModel: {
            if (view != nullptr) reference_project(model, rows, e, *view);
            s.yours = table_fields(mine, {}, true);
            s.expected = row_fields(rows);
            std::map<std::string, std::string> expected;
            for (const Field& f : s.expected) expected[f.name] = f.value;
            for (auto it = mine.begin(); it != mine.end(); ++it)
                if (float_in(mine.is_array() ? "a row" : "row " + it.key(), *it)) return;
            for (const Field& f : s.yours) {
                auto want = expected.find(f.name);
                if (want == expected.end()) s.diffs.push_back({f.name, f.value, "(none)"});
                else if (want->second != f.value) s.diffs.push_back({f.name, f.value, want->second});
                if (want != expected.end()) expected.erase(want);
            }
            for (const auto& [name, value] : expected) s.diffs.push_back({name, "(none)", value});
            return;
        }
        case Exercise::DomainFold: {
            s.yours = table_fields(mine, {}, false);
            types.insert(e.type);
            std::string dump = mine.dump(-1, ' ', false, Json::error_handler_t::replace);
            if (dump == last_dump && difference.empty())
                difference = "after " + s.event + ": your state did not change; every event of your domain should change it";
            last_dump = std::move(dump);
            return;
        }
    }
}

Exercise ExerciseRun::exercise() const { return impl_->exercise; }
bool ExerciseRun::done() const { return impl_->done; }
size_t ExerciseRun::next_index() const { return impl_->next; }
size_t ExerciseRun::total() const { return impl_->events.size(); }
const std::vector<ExerciseStep>& ExerciseRun::steps() const { return impl_->steps; }
void ExerciseRun::keep_steps(bool keep) { impl_->keep = keep; }
void ExerciseRun::stop_at_difference(bool stop) { impl_->stop_at_difference = stop; }
const std::optional<CodeError>& ExerciseRun::error() const { return impl_->error; }

const ExerciseStep* ExerciseRun::step() {
    if (impl_->done) return nullptr;
    impl_->fold_next();
    return &impl_->steps.back();
}

void ExerciseRun::run_all() {
    while (!impl_->done) impl_->fold_next();
}

bool ExerciseRun::matched() const {
    const Impl& r = *impl_;
    const bool clean = r.done && !r.error && r.difference.empty() && !r.events.empty() && r.next == r.events.size();
    return clean && (r.exercise != Exercise::DomainFold || r.types.size() >= 3);
}

std::string ExerciseRun::verdict() const {
    const Impl& r = *impl_;
    const std::string n = std::to_string(r.events.size());
    if (r.error) return r.error_event.empty() ? r.error->message : "while folding " + r.error_event + ": " + r.error->message;
    if (r.events.empty()) {
        return r.exercise == Exercise::DomainFold ? "no events on " + (r.stream.empty() ? std::string("your stream") : r.stream) + " yet: record some first"
                                                  : "no events to fold yet: make some first";
    }
    if (!r.difference.empty()) return r.difference;
    if (!r.done) return std::to_string(r.next) + " of " + n + " events folded";
    switch (r.exercise) {
        case Exercise::AccountFold: return "your fold matches all " + n + " events";
        case Exercise::ReadModel: return "your read model matches all " + n + " events";
        case Exercise::DomainFold: break;
    }
    if (r.types.size() < 3) {
        std::string names;
        for (const std::string& t : r.types) names += (names.empty() ? "" : ", ") + t;
        return "your stream has " + std::to_string(r.types.size()) + " event type" + (r.types.size() == 1 ? "" : "s") +
               " (" + names + "): record events of at least 3 types";
    }
    return "your fold ran over all " + n + " events of " + std::to_string(r.types.size()) +
           " types, and each one changed the state";
}

Json ExerciseRun::final_json(std::string_view key) const {
    const Impl& r = *impl_;
    auto table = r.tables.find(r.exercise == Exercise::ReadModel ? "model" : std::string(key));
    return table == r.tables.end() || table->second < 0 ? Json::object() : r.lua.table_json(table->second);
}

std::vector<Field> ExerciseRun::final_state(std::string_view key) const {
    const bool rows = impl_->exercise == Exercise::ReadModel;
    std::vector<Field> fields = table_fields(final_json(key), rows ? std::vector<std::string>{} : kMoneyFields, rows);
    if (rows && !key.empty()) fields.erase(std::remove_if(fields.begin(), fields.end(), [&](const Field& f) { return f.name != key; }), fields.end());
    return fields;
}

std::vector<Field> ExerciseRun::expected_state(std::string_view key) const {
    const Impl& r = *impl_;
    if (r.exercise == Exercise::DomainFold) return {};
    if (r.exercise == Exercise::AccountFold) {
        auto it = r.states.find(std::string(key));
        return it == r.states.end() ? std::vector<Field>{} : account_fields(it->second);
    }
    std::vector<Field> fields = row_fields(r.rows);
    if (!key.empty()) fields.erase(std::remove_if(fields.begin(), fields.end(), [&](const Field& f) { return f.name != key; }), fields.end());
    return fields;
}

std::vector<std::string> ExerciseRun::keys() const {
    std::vector<std::string> keys;
    if (impl_->exercise == Exercise::ReadModel) {
        for (const Field& f : final_state("")) keys.push_back(f.name);
    } else {
        for (const auto& [key, table] : impl_->tables) keys.push_back(key);
    }
    return keys;
}

ExerciseCheck check_program(Exercise exercise, std::string_view program, EventRange visible, std::string stream,
                            std::string model, uint64_t seed) {
    ExerciseCheck check;
    ExerciseRun run(exercise, program, visible, std::move(stream), model);
    run.keep_steps(false);
    run.run_all();
    check.visible_ok = run.matched();
    if (exercise == Exercise::DomainFold) {
        check.hidden_ok = check.visible_ok;
        check.message = run.verdict();
        return check;
    }
    ExerciseRun hidden(exercise, program, generated_bank_log(seed), {}, std::move(model));
    hidden.keep_steps(false);
    hidden.run_all();
    check.hidden_ok = hidden.matched();
    if (!check.visible_ok) {
        check.message = run.verdict();
    } else if (!check.hidden_ok) {
        check.message = "on a generated log you have not seen (random accounts, amounts and order): " + hidden.verdict();
    } else {
        check.message = run.verdict() + " of your log, and all " + std::to_string(hidden.total()) +
                        " of a generated log you have not seen";
    }
    return check;
}

}  // namespace es::learn
