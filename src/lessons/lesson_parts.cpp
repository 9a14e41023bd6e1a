// Parsing the parts lessons are made of (lesson_parts.h): goals, actions and tools, each checked
// against what the sandbox has (accounts, amounts, read models, commands, windows).
#include "lessons/lesson_parts.h"

#include <algorithm>
#include <map>
#include <set>

#include "bank/commands.h"
#include "bank/money.h"
#include "learn/fold_exercise.h"
#include "lessons/windows.h"
#include "sandbox/diagram_cards.h"
#include "sandbox/sandbox.h"

namespace es::lessons {

namespace {

// The read models a sandbox has, or can add.
bool is_read_model(const std::string& name) {
    static const std::vector<std::string> fixed = {"bank-log", "balances", "account-list", "audit-trail"};
    const auto addable = sandbox::Sandbox::addable_projections();
    return std::find(fixed.begin(), fixed.end(), name) != fixed.end() ||
           std::find(addable.begin(), addable.end(), name) != addable.end();
}

void check_account(JsonObjectReader& o, std::string_view f, const std::string& id) {
    if (!bank::is_valid_account_id(id)) o.fail(f, "'" + id + "' is not an account id (1-64 of A-Z a-z 0-9 _ -)");
}

// The window a lesson file names (windows.h), or nullptr after failing: none has that name.
const WindowInfo* check_window(JsonObjectReader& o, const std::string& w) {
    const WindowInfo* window = find_lesson_window(w);
    if (!window) o.fail("window", "unknown window '" + w + "'");
    return window;
}

// The Code window's exercise a goal or action names, with its read model or stream (optional).
void code_exercise(JsonObjectReader& o, std::string& exercise, std::string& model, std::string& stream) {
    exercise = text(o, "exercise");
    if (!o.failed() && !learn::exercise_from_name(exercise)) o.fail("exercise", "unknown exercise '" + exercise + "' (fold, read-model or domain)");
    if (o.has("model")) {
        model = text(o, "model");
        const auto& names = learn::read_model_names();
        if (exercise != "read-model") o.fail("model", "only the read-model exercise has a model");
        else if (std::find(names.begin(), names.end(), model) == names.end()) o.fail("model", "unknown read model '" + model + "'");
    }
    if (o.has("stream")) {
        stream = text(o, "stream");
        if (exercise != "domain") o.fail("stream", "only the domain exercise folds a stream of its own");
    }
}

void check_amount(JsonObjectReader& o, std::string_view f, const std::string& amount) {
    auto cents = bank::parse_amount(amount);
    if (!cents.ok()) o.fail(f, cents.error().message);
}

const std::map<std::string, Goal::Kind>& goal_kinds() {
    static const std::map<std::string, Goal::Kind> kinds = {
        {"event", Goal::Kind::Event},
        {"balance", Goal::Kind::Balance},
        {"rejected", Goal::Kind::Rejected},
        {"conflict_resolved", Goal::Kind::ConflictResolved},
        {"time_travel", Goal::Kind::TimeTravel},
        {"stepped_through", Goal::Kind::SteppedThrough},
        {"replay_stepped", Goal::Kind::ReplayStepped},
        {"projection", Goal::Kind::Projection},
        {"snapshot", Goal::Kind::Snapshot},
        {"upcast", Goal::Kind::Upcast},
        {"tamper_detected", Goal::Kind::TamperDetected},
        {"digest_detected", Goal::Kind::DigestDetected},
        {"answered", Goal::Kind::Answered},
        {"window", Goal::Kind::Window},
        {"sequence", Goal::Kind::Sequence},
        {"diagram_drawn", Goal::Kind::DiagramDrawn},
        {"caught_up", Goal::Kind::CaughtUp},
        {"code", Goal::Kind::Code},
        {"code_run", Goal::Kind::CodeRun},
        {"all", Goal::Kind::All},
    };
    return kinds;
}

const std::map<std::string, Action::Kind>& action_kinds() {
    static const std::map<std::string, Action::Kind> kinds = {
        {"command", Action::Kind::Command},
        {"record", Action::Kind::Record},
        {"legacy_deposit", Action::Kind::LegacyDeposit},
        {"tamper", Action::Kind::Tamper},
        {"verify", Action::Kind::Verify},
        {"save_digest", Action::Kind::SaveDigest},
        {"check_digest", Action::Kind::CheckDigest},
        {"travel", Action::Kind::Travel},
        {"back_to_now", Action::Kind::BackToNow},
        {"step_through", Action::Kind::StepThrough},
        {"step_replay", Action::Kind::StepReplay},
        {"open_window", Action::Kind::OpenWindow},
        {"set_balances_version", Action::Kind::SetBalancesVersion},
        {"rebuild", Action::Kind::Rebuild},
        {"add_projection", Action::Kind::AddProjection},
        {"snapshot_every", Action::Kind::SnapshotEvery},
        {"eventual", Action::Kind::Eventual},
        {"catch_up", Action::Kind::CatchUp},
        {"answer", Action::Kind::Answer},
        {"trace_replay", Action::Kind::TraceReplay},
        {"play_sequence", Action::Kind::PlaySequence},
        {"type_code", Action::Kind::TypeCode},
        {"run_code", Action::Kind::RunCode},
        {"check_code", Action::Kind::CheckCode},
        {"arrange_diagram", Action::Kind::ArrangeDiagram},
    };
    return kinds;
}

const std::set<std::string>& command_names() {
    static const std::set<std::string> names = {"OpenAccount", "Deposit", "Withdraw", "Transfer", "CloseAccount", "ReverseDeposit"};
    return names;
}

Action parse_action(JsonObjectReader o) {
    Action a;
    const std::string kind = text(o, "do");
    auto it = action_kinds().find(kind);
    if (it == action_kinds().end()) {
        o.fail("do", "unknown action '" + kind + "' (docs/LESSONS.md lists them)");
        return a;
    }
    a.kind = it->second;
    switch (a.kind) {
    case Action::Kind::Command: {
        const Json* command = o.value("command", "a command object");
        if (!command) break;
        a.command = *command;
        auto parsed = bank::command_from_json(a.command);
        if (!parsed.ok()) o.fail("command", parsed.error().message);
        break;
    }
    case Action::Kind::Record: {
        a.stream = text(o, "stream");
        a.type = text(o, "type");
        a.time = text(o, "time");
        a.text = text(o, "text");
        const std::string problem = o.failed() ? "" : record_problem(a.stream, a.type, a.time, a.text);
        if (!problem.empty()) o.fail("", problem);
        break;
    }
    case Action::Kind::LegacyDeposit:
        a.account = text(o, "account");
        check_account(o, "account", a.account);
        a.amount = text(o, "amount");
        check_amount(o, "amount", a.amount);
        break;
    case Action::Kind::Tamper:
        a.position = static_cast<uint64_t>(o.integer("position", 1, 1000000));
        a.amount = text(o, "amount");
        check_amount(o, "amount", a.amount);
        if (o.has("rehash")) a.rehash = o.boolean("rehash");
        break;
    case Action::Kind::Travel:
        a.position = static_cast<uint64_t>(o.integer("position", 0, 1000000));
        break;
    case Action::Kind::StepThrough:
        if (o.has("stream")) {  // a free-form stream (the record_event tool's)
            a.stream = text(o, "stream");
            break;
        }
        [[fallthrough]];
    case Action::Kind::StepReplay:
    case Action::Kind::TraceReplay:
        a.account = text(o, "account");
        check_account(o, "account", a.account);
        break;
    case Action::Kind::OpenWindow:
        a.window = text(o, "window");
        check_window(o, a.window);
        break;
    case Action::Kind::SetBalancesVersion:
        a.version = static_cast<int>(o.integer("version", 1, 2));
        break;
    case Action::Kind::Rebuild:
        a.projection = text(o, "projection");
        if (!o.failed() && !is_read_model(a.projection)) o.fail("projection", "unknown read model '" + a.projection + "'");
        break;
    case Action::Kind::AddProjection: {
        a.projection = text(o, "projection");
        const auto addable = sandbox::Sandbox::addable_projections();
        if (!o.failed() && std::find(addable.begin(), addable.end(), a.projection) == addable.end())
            o.fail("projection", "'" + a.projection + "' cannot be added (daily-totals can)");
        break;
    }
    case Action::Kind::SnapshotEvery:
        a.n = static_cast<uint64_t>(o.integer("n", 0, 100000));
        break;
    case Action::Kind::Answer:
        a.question = text(o, "question");
        a.choice = static_cast<int>(o.integer("choice", 0, 4));
        break;
    case Action::Kind::Eventual:
        a.on = o.boolean("on");
        if (o.has("release")) {
            const std::string release = text(o, "release");
            if (release != "delay" && release != "on_request") o.fail("release", "expected \"delay\" or \"on_request\"");
            a.release_on_request = release == "on_request";
        }
        break;
    case Action::Kind::TypeCode:
        if (o.has("code")) a.code = o.string("code", JsonObjectReader::Text{20000, false});
        [[fallthrough]];
    case Action::Kind::RunCode:
    case Action::Kind::CheckCode:
        code_exercise(o, a.exercise, a.model, a.stream);
        break;
    case Action::Kind::ArrangeDiagram: {
        a.trace = text(o, "trace");
        sandbox::DiagramSource source = sandbox::DiagramSource::Command;
        if (!o.failed() && !sandbox::parse_diagram_source(a.trace, source)) o.fail("trace", "expected \"command\" or \"replay\"");
        if (source == sandbox::DiagramSource::Replay) {
            a.account = text(o, "account");
            check_account(o, "account", a.account);
        }
        break;
    }
    case Action::Kind::CatchUp:
    case Action::Kind::Verify:
    case Action::Kind::SaveDigest:
    case Action::Kind::CheckDigest:
    case Action::Kind::BackToNow:
    case Action::Kind::PlaySequence:
        break;
    }
    o.no_other_fields();
    return a;
}

}  // namespace

Goal parse_goal(JsonObjectReader o) {
    Goal g;
    const std::string kind = text(o, "kind");
    auto it = goal_kinds().find(kind);
    if (it == goal_kinds().end()) {
        o.fail("kind", "unknown goal kind '" + kind + "' (docs/LESSONS.md lists them)");
        return g;
    }
    g.kind = it->second;
    auto account = [&] {
        g.account = text(o, "account");
        check_account(o, "account", g.account);
    };
    switch (g.kind) {
    case Goal::Kind::Event:
        if (o.has("type")) g.type = text(o, "type");  // absent: any type
        if (o.has("account")) account();
        if (o.has("stream_prefix")) g.stream_prefix = text(o, "stream_prefix");
        if (!g.account.empty() && !g.stream_prefix.empty()) o.fail("stream_prefix", "give account or stream_prefix, not both");
        if (o.has("amount_cents")) g.amount_cents = o.integer("amount_cents", 1, int64_t{1} << 50);
        if (o.has("actor")) g.actor = text(o, "actor");
        if (o.has("min_count")) g.min_count = static_cast<uint64_t>(o.integer("min_count", 1, 1000));
        if (o.has("reason_required")) g.reason_required = o.boolean("reason_required");
        if (o.has("schema_version")) g.schema_version = static_cast<int>(o.integer("schema_version", 1, 100));
        if (o.has("distinct_types")) g.distinct_types = static_cast<uint64_t>(o.integer("distinct_types", 1, 100));
        if (o.has("text_min_length")) g.text_min_length = static_cast<size_t>(o.integer("text_min_length", 1, 1000));
        break;
    case Goal::Kind::Balance:
    case Goal::Kind::TimeTravel:
        account();
        g.cents = o.integer(g.kind == Goal::Kind::Balance ? "cents" : "balance_cents", -(int64_t{1} << 50), int64_t{1} << 50);
        break;
    case Goal::Kind::Rejected:
        g.command = text(o, "command");
        if (!command_names().count(g.command)) o.fail("command", "unknown command '" + g.command + "'");
        break;
    case Goal::Kind::SteppedThrough:
        if (o.has("stream")) {  // a free-form stream instead of an account's
            g.stream = text(o, "stream");
            break;
        }
        account();
        break;
    case Goal::Kind::ConflictResolved:
    case Goal::Kind::ReplayStepped:
    case Goal::Kind::Upcast:
        account();
        break;
    case Goal::Kind::Projection:
        g.name = text(o, "name");
        if (!o.failed() && !is_read_model(g.name)) o.fail("name", "unknown read model '" + g.name + "'");
        if (o.has("version")) g.version = static_cast<int>(o.integer("version", 1, 2));
        if (o.has("rebuilt")) g.rebuilt = o.boolean("rebuilt");
        if (o.has("matches_replay")) {
            g.matches_replay = o.boolean("matches_replay");
            if (g.name != "balances") o.fail("matches_replay", "only the balances read model can be compared to a replay");
        }
        break;
    case Goal::Kind::Snapshot:
        account();
        g.max_replayed = static_cast<uint64_t>(o.integer("max_replayed", 0, 1000000));
        break;
    case Goal::Kind::TamperDetected:
    case Goal::Kind::DigestDetected:
    case Goal::Kind::CaughtUp:
        break;
    case Goal::Kind::Answered:
        g.question = text(o, "question");
        break;
    case Goal::Kind::Window: {
        g.window = text(o, "window");
        const WindowInfo* window = check_window(o, g.window);
        if (window && window->open_at_start)
            o.fail("window", "'" + g.window + "' is open when a lesson starts: the goal would be met already");
        break;
    }
    case Goal::Kind::Sequence:
        g.trace = text(o, "trace");
        if (g.trace != "command" && g.trace != "replay") o.fail("trace", "expected \"command\" or \"replay\"");
        if (o.has("command")) {
            g.command = text(o, "command");
            if (!command_names().count(g.command)) o.fail("command", "unknown command '" + g.command + "'");
        }
        break;
    case Goal::Kind::Code:
        code_exercise(o, g.exercise, g.model, g.stream);
        break;
    case Goal::Kind::CodeRun:
        code_exercise(o, g.exercise, g.model, g.stream);
        if (o.has("until_type")) g.until_type = text(o, "until_type");
        if (o.has("printed")) g.printed = o.boolean("printed");
        break;
    case Goal::Kind::DiagramDrawn: {
        g.trace = text(o, "trace");
        sandbox::DiagramSource source = sandbox::DiagramSource::Command;
        if (!o.failed() && !sandbox::parse_diagram_source(g.trace, source)) o.fail("trace", "expected \"command\" or \"replay\"");
        break;
    }
    case Goal::Kind::All: {
        const size_t n = list(o, "goals", 2, 6).size();
        for (size_t i = 0; i < n; ++i) g.goals.push_back(parse_goal(o.child("goals", i)));
        break;
    }
    }
    o.no_other_fields();
    return g;
}

std::string text(JsonObjectReader& o, std::string_view field) {
    std::string s = o.string(field);
    if (!o.failed() && s.find_first_not_of(" \t\n") == std::string::npos) o.fail(field, "must not be blank");
    return s;
}

const Json& list(JsonObjectReader& o, std::string_view field, size_t min, size_t max) {
    static const Json empty = Json::array();
    const Json* v = o.array(field, min, max);
    return v ? *v : empty;
}

std::vector<Action> parse_actions(JsonObjectReader& o, std::string_view field, size_t min, size_t max) {
    std::vector<Action> out;
    const size_t n = list(o, field, min, max).size();
    for (size_t i = 0; i < n; ++i) out.push_back(parse_action(o.child(field, i)));
    return out;
}

Tool parse_tool(JsonObjectReader o) {
    Tool t;
    const std::string kind = text(o, "kind");
    if (kind == "record_event") {
        t.kind = Tool::Kind::RecordEvent;
        t.stream = text(o, "stream");
        t.type = text(o, "type");
        const std::string problem = o.failed() ? "" : record_problem(t.stream, t.type, "00:00", "");
        if (!problem.empty()) o.fail("", problem);
    } else if (kind == "legacy_deposit") {
        t.kind = Tool::Kind::LegacyDeposit;
        t.account = text(o, "account");
        check_account(o, "account", t.account);
    } else if (kind == "tamper") {
        t.kind = Tool::Kind::Tamper;
    } else {
        o.fail("kind", "unknown tool '" + kind + "' (record_event, legacy_deposit or tamper)");
    }
    o.no_other_fields();
    return t;
}

Form parse_form(JsonObjectReader o) {
    Form f;
    constexpr JsonObjectReader::Text kField{128, true};  // an empty field is a field left empty
    f.account = o.optional_string("account", kField);
    f.to_account = o.optional_string("toAccount", kField);
    f.owner = o.optional_string("owner", kField);
    f.currency = o.optional_string("currency", kField);
    f.amount = o.optional_string("amount", kField);
    f.actor = o.optional_string("actor", kField);
    f.reason = o.optional_string("reason", kField);
    f.expected_version = o.optional_string("expectedVersion", kField);
    o.no_other_fields();
    return f;
}

}  // namespace es::lessons
