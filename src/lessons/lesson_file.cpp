// Loading and validating lesson files (lesson.h). Strict, like the event codec: an unknown field
// is an error too, because a misspelt "min_cuont" would otherwise silently check nothing. Every
// error names the file and the field's path ("steps[1].goal.account").
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "bank/commands.h"
#include "bank/money.h"
#include "lessons/lesson.h"
#include "sandbox/sandbox.h"

namespace es::lessons {

int Question::correct_choice() const {
    for (size_t i = 0; i < choices.size(); ++i)
        if (choices[i].correct) return static_cast<int>(i);
    return -1;
}

const Question* Lesson::find_question(const std::string& qid) const {
    for (const Question& q : questions)
        if (q.id == qid) return &q;
    return nullptr;
}

const std::vector<ReadingLink>& reading_catalogue() {
    static const std::vector<ReadingLink> links = {
        {"fowler", "Martin Fowler: Event Sourcing", "https://martinfowler.com/eaaDev/EventSourcing.html"},
        {"young-talk", "Greg Young: CQRS and Event Sourcing (talk)", "https://www.youtube.com/watch?v=JHGkaShoyNs"},
        {"kurrentdb", "KurrentDB (EventStoreDB): getting started", "https://docs.kurrent.io/getting-started/introduction.html"},
        {"versioning", "Greg Young: Versioning in an Event Sourced System", "https://leanpub.com/esversioning/read"},
        {"cqrs-journey", "Microsoft: the CQRS Journey",
         "https://learn.microsoft.com/en-us/previous-versions/msp-n-p/jj554200(v=pandp.10)"},
    };
    return links;
}

const ReadingLink* find_reading(const std::string& key) {
    for (const ReadingLink& l : reading_catalogue())
        if (l.key == key) return &l;
    return nullptr;
}

const std::vector<std::string>& windows_open_at_start() {
    static const std::vector<std::string> windows = {"commands", "events", "time_travel", "accounts"};
    return windows;
}

namespace {

bool valid_stream_name(const std::string& s) {
    return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '_';
    });
}

bool valid_type_name(const std::string& s) {
    return !s.empty() && s.size() <= 64 && std::isupper(static_cast<unsigned char>(s[0])) &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c); });
}

bool valid_clock_time(const std::string& t) {
    if (t.size() != 5 || t[2] != ':') return false;
    for (size_t i : {0, 1, 3, 4})
        if (!std::isdigit(static_cast<unsigned char>(t[i]))) return false;
    return (t[0] - '0') * 10 + (t[1] - '0') < 24 && (t[3] - '0') * 10 + (t[4] - '0') < 60;
}

}  // namespace

std::string record_problem(const std::string& stream, const std::string& type, const std::string& time,
                           const std::string& text) {
    if (!valid_stream_name(stream)) return "the stream name must be 1-64 letters, digits, '-' or '_'";
    if (stream.rfind("account-", 0) == 0) return "account streams hold bank events only; use another stream name";
    if (!valid_type_name(type)) return "the event type must be one word of letters and digits starting with a capital, like WokeUp";
    if (!valid_clock_time(time)) return "the time must be HH:MM, like 07:30";
    if (text.size() > kMaxRecordText) return "the text is longer than " + std::to_string(kMaxRecordText) + " characters";
    return "";
}

const std::vector<std::string>& known_windows() {
    static const std::vector<std::string> windows = {"commands", "events",     "time_travel", "accounts", "sequence",
                                                     "projections", "snapshots", "console",   "crud"};
    return windows;
}

namespace {

// Reads one JSON object, remembering its path for messages and which fields were used. The first
// problem is kept in the shared `error` (no exceptions: the WASM build has them off); after one,
// accessors return empty values and parsing stops at the next check.
class Obj {
public:
    Obj(const Json& j, std::string path, std::string& error) : j_(j), path_(std::move(path)), error_(error) {
        if (!j_.is_object()) fail("", "expected an object");
    }

    void fail(const std::string& field, const std::string& what) const {
        if (error_.empty()) error_ = field_path(field) + ": " + what;
    }
    bool bad() const { return !error_.empty(); }
    std::string& error() const { return error_; }
    std::string field_path(const std::string& field) const {
        if (field.empty()) return path_.empty() ? "(the file)" : path_;
        return path_.empty() ? field : path_ + "." + field;
    }
    bool has(const std::string& f) const { return j_.is_object() && j_.contains(f); }
    const Json& raw(const std::string& f) {
        static const Json null_json;
        used_.insert(f);
        if (!has(f)) {
            fail(f, "missing");
            return null_json;
        }
        return j_.at(f);
    }
    std::string str(const std::string& f) {
        const Json& v = raw(f);
        if (!v.is_string()) {
            if (!v.is_null()) fail(f, "expected a string");
            return "";
        }
        std::string s = v.get<std::string>();
        if (s.find_first_not_of(" \t\n") == std::string::npos) fail(f, "must not be empty");
        return s;
    }
    int64_t integer(const std::string& f, int64_t min, int64_t max) {
        const Json& v = raw(f);
        if (!v.is_number_integer()) {
            if (!v.is_null()) fail(f, "expected an integer");
            return min;
        }
        const int64_t n = v.get<int64_t>();
        if (n < min || n > max) {
            fail(f, "must be between " + std::to_string(min) + " and " + std::to_string(max));
            return min;
        }
        return n;
    }
    bool boolean(const std::string& f) {
        const Json& v = raw(f);
        if (!v.is_boolean()) {
            if (!v.is_null()) fail(f, "expected true or false");
            return false;
        }
        return v.get<bool>();
    }
    const Json& array(const std::string& f, size_t min, size_t max) {
        static const Json empty = Json::array();
        const Json& v = raw(f);
        if (!v.is_array()) {
            if (!v.is_null()) fail(f, "expected an array");
            return empty;
        }
        if (v.size() < min || v.size() > max) {
            fail(f, "expected " + std::to_string(min) + " to " + std::to_string(max) + " entries, found " +
                        std::to_string(v.size()));
            return empty;
        }
        return v;
    }
    std::vector<std::string> strings(const std::string& f, size_t min, size_t max) {
        const Json& a = array(f, min, max);
        std::vector<std::string> out;
        for (size_t i = 0; i < a.size(); ++i) {
            const std::string p = f + "[" + std::to_string(i) + "]";
            if (!a[i].is_string() || a[i].get<std::string>().empty()) fail(p, "expected a non-empty string");
            else out.push_back(a[i].get<std::string>());
        }
        return out;
    }
    // Call last: any field nobody asked for is a mistake in the file.
    void no_other_fields() const {
        if (!j_.is_object()) return;
        for (auto it = j_.begin(); it != j_.end(); ++it)
            if (!used_.count(it.key())) fail(it.key(), "unknown field");
    }
    std::string child(const std::string& f, size_t i) const { return field_path(f) + "[" + std::to_string(i) + "]"; }
    std::string child(const std::string& f) const { return field_path(f); }

private:
    const Json& j_;
    std::string path_;
    std::string& error_;
    std::set<std::string> used_;
};

// The read models a sandbox has, or can add.
bool is_read_model(const std::string& name) {
    static const std::vector<std::string> fixed = {"bank-log", "balances", "account-list", "audit-trail"};
    const auto addable = sandbox::Sandbox::addable_projections();
    return std::find(fixed.begin(), fixed.end(), name) != fixed.end() ||
           std::find(addable.begin(), addable.end(), name) != addable.end();
}

bool is_slug(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

void check_account(Obj& o, const std::string& f, const std::string& id) {
    if (!bank::is_valid_account_id(id)) o.fail(f, "'" + id + "' is not an account id (1-64 of A-Z a-z 0-9 _ -)");
}

void check_window(Obj& o, const std::string& w) {
    const auto& known = known_windows();
    if (std::find(known.begin(), known.end(), w) == known.end()) o.fail("window", "unknown window '" + w + "'");
}

void check_amount(Obj& o, const std::string& f, const std::string& amount) {
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
        {"projection", Goal::Kind::Projection},
        {"snapshot", Goal::Kind::Snapshot},
        {"upcast", Goal::Kind::Upcast},
        {"tamper_detected", Goal::Kind::TamperDetected},
        {"answered", Goal::Kind::Answered},
        {"window", Goal::Kind::Window},
        {"sequence", Goal::Kind::Sequence},
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
        {"travel", Action::Kind::Travel},
        {"back_to_now", Action::Kind::BackToNow},
        {"step_through", Action::Kind::StepThrough},
        {"open_window", Action::Kind::OpenWindow},
        {"set_balances_version", Action::Kind::SetBalancesVersion},
        {"rebuild", Action::Kind::Rebuild},
        {"add_projection", Action::Kind::AddProjection},
        {"snapshot_every", Action::Kind::SnapshotEvery},
        {"answer", Action::Kind::Answer},
        {"trace_replay", Action::Kind::TraceReplay},
        {"show_all_sequence", Action::Kind::ShowAllSequence},
    };
    return kinds;
}

const std::set<std::string>& command_names() {
    static const std::set<std::string> names = {"OpenAccount", "Deposit", "Withdraw", "Transfer", "CloseAccount"};
    return names;
}

Goal parse_goal(const Json& j, const std::string& path, std::string& error) {
    Obj o(j, path, error);
    Goal g;
    const std::string kind = o.str("kind");
    auto it = goal_kinds().find(kind);
    if (it == goal_kinds().end()) {
        o.fail("kind", "unknown goal kind '" + kind + "' (docs/LESSONS.md lists them)");
        return g;
    }
    g.kind = it->second;
    auto account = [&] {
        g.account = o.str("account");
        check_account(o, "account", g.account);
    };
    switch (g.kind) {
    case Goal::Kind::Event:
        if (o.has("type")) g.type = o.str("type");  // absent: any type
        if (o.has("account")) account();
        if (o.has("stream_prefix")) g.stream_prefix = o.str("stream_prefix");
        if (!g.account.empty() && !g.stream_prefix.empty()) o.fail("stream_prefix", "give account or stream_prefix, not both");
        if (o.has("amount_cents")) g.amount_cents = o.integer("amount_cents", 1, int64_t{1} << 50);
        if (o.has("actor")) g.actor = o.str("actor");
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
        g.command = o.str("command");
        if (!command_names().count(g.command)) o.fail("command", "unknown command '" + g.command + "'");
        break;
    case Goal::Kind::ConflictResolved:
    case Goal::Kind::SteppedThrough:
    case Goal::Kind::Upcast:
        account();
        break;
    case Goal::Kind::Projection:
        g.name = o.str("name");
        if (!o.bad() && !is_read_model(g.name)) o.fail("name", "unknown read model '" + g.name + "'");
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
        break;
    case Goal::Kind::Answered:
        g.question = o.str("question");
        break;
    case Goal::Kind::Window: {
        g.window = o.str("window");
        check_window(o, g.window);
        const auto& open = windows_open_at_start();
        if (std::find(open.begin(), open.end(), g.window) != open.end())
            o.fail("window", "'" + g.window + "' is open when a lesson starts: the goal would be met already");
        break;
    }
    case Goal::Kind::Sequence:
        g.trace = o.str("trace");
        if (g.trace != "command" && g.trace != "replay") o.fail("trace", "expected \"command\" or \"replay\"");
        if (o.has("command")) {
            g.command = o.str("command");
            if (!command_names().count(g.command)) o.fail("command", "unknown command '" + g.command + "'");
        }
        break;
    case Goal::Kind::All: {
        const Json& list = o.array("goals", 2, 6);
        for (size_t i = 0; i < list.size(); ++i) g.goals.push_back(parse_goal(list[i], o.child("goals", i), error));
        break;
    }
    }
    o.no_other_fields();
    return g;
}

Action parse_action(const Json& j, const std::string& path, std::string& error) {
    Obj o(j, path, error);
    Action a;
    const std::string kind = o.str("do");
    auto it = action_kinds().find(kind);
    if (it == action_kinds().end()) {
        o.fail("do", "unknown action '" + kind + "' (docs/LESSONS.md lists them)");
        return a;
    }
    a.kind = it->second;
    switch (a.kind) {
    case Action::Kind::Command: {
        a.command = o.raw("command");
        if (o.bad()) break;
        auto parsed = bank::command_from_json(a.command);
        if (!parsed.ok()) o.fail("command", parsed.error().message);
        break;
    }
    case Action::Kind::Record: {
        a.stream = o.str("stream");
        a.type = o.str("type");
        a.time = o.str("time");
        a.text = o.str("text");
        const std::string problem = o.bad() ? "" : record_problem(a.stream, a.type, a.time, a.text);
        if (!problem.empty()) o.fail("", problem);
        break;
    }
    case Action::Kind::LegacyDeposit:
        a.account = o.str("account");
        check_account(o, "account", a.account);
        a.amount = o.str("amount");
        check_amount(o, "amount", a.amount);
        break;
    case Action::Kind::Tamper:
        a.position = static_cast<uint64_t>(o.integer("position", 1, 1000000));
        a.amount = o.str("amount");
        check_amount(o, "amount", a.amount);
        break;
    case Action::Kind::Travel:
        a.position = static_cast<uint64_t>(o.integer("position", 0, 1000000));
        break;
    case Action::Kind::StepThrough:
    case Action::Kind::TraceReplay:
        a.account = o.str("account");
        check_account(o, "account", a.account);
        break;
    case Action::Kind::OpenWindow:
        a.window = o.str("window");
        check_window(o, a.window);
        break;
    case Action::Kind::SetBalancesVersion:
        a.version = static_cast<int>(o.integer("version", 1, 2));
        break;
    case Action::Kind::Rebuild:
        a.projection = o.str("projection");
        if (!o.bad() && !is_read_model(a.projection)) o.fail("projection", "unknown read model '" + a.projection + "'");
        break;
    case Action::Kind::AddProjection: {
        a.projection = o.str("projection");
        const auto addable = sandbox::Sandbox::addable_projections();
        if (!o.bad() && std::find(addable.begin(), addable.end(), a.projection) == addable.end())
            o.fail("projection", "'" + a.projection + "' cannot be added (daily-totals can)");
        break;
    }
    case Action::Kind::SnapshotEvery:
        a.n = static_cast<uint64_t>(o.integer("n", 0, 100000));
        break;
    case Action::Kind::Answer:
        a.question = o.str("question");
        a.choice = static_cast<int>(o.integer("choice", 0, 4));
        break;
    case Action::Kind::Verify:
    case Action::Kind::BackToNow:
    case Action::Kind::ShowAllSequence:
        break;
    }
    o.no_other_fields();
    return a;
}

std::vector<Action> parse_actions(Obj& o, const std::string& field, size_t min, size_t max) {
    const Json& list = o.array(field, min, max);
    std::vector<Action> out;
    for (size_t i = 0; i < list.size(); ++i) out.push_back(parse_action(list[i], o.child(field, i), o.error()));
    return out;
}

Tool parse_tool(const Json& j, const std::string& path, std::string& error) {
    Obj o(j, path, error);
    Tool t;
    const std::string kind = o.str("kind");
    if (kind == "record_event") {
        t.kind = Tool::Kind::RecordEvent;
        t.stream = o.str("stream");
        t.type = o.str("type");
        const std::string problem = o.bad() ? "" : record_problem(t.stream, t.type, "00:00", "");
        if (!problem.empty()) o.fail("", problem);
    } else if (kind == "legacy_deposit") {
        t.kind = Tool::Kind::LegacyDeposit;
        t.account = o.str("account");
        check_account(o, "account", t.account);
    } else if (kind == "tamper") {
        t.kind = Tool::Kind::Tamper;
    } else {
        o.fail("kind", "unknown tool '" + kind + "' (record_event, legacy_deposit or tamper)");
    }
    o.no_other_fields();
    return t;
}

Question parse_question(const Json& j, const std::string& path, std::string& error) {
    Obj o(j, path, error);
    Question q;
    q.id = o.str("id");
    if (!is_slug(q.id)) o.fail("id", "use lower-case letters, digits and '-'");
    q.prompt = o.str("prompt");
    const Json& choices = o.array("choices", 2, 5);
    int correct = 0;
    for (size_t i = 0; i < choices.size(); ++i) {
        Obj c(choices[i], o.child("choices", i), error);
        Choice choice;
        choice.text = c.str("text");
        choice.correct = c.boolean("correct");
        choice.explanation = c.str("explanation");
        c.no_other_fields();
        correct += choice.correct ? 1 : 0;
        q.choices.push_back(std::move(choice));
    }
    if (correct != 1 && !o.bad()) o.fail("choices", "exactly one choice must be \"correct\": true (found " + std::to_string(correct) + ")");
    o.no_other_fields();
    return q;
}

// Goals and actions that name a question must name one of the lesson's.
void check_question_refs(const Lesson& lesson, const Goal& g, const std::string& path, std::string& error) {
    if (g.kind == Goal::Kind::Answered && !lesson.find_question(g.question) && error.empty())
        error = path + ".question: no question '" + g.question + "' in this lesson";
    for (size_t i = 0; i < g.goals.size(); ++i)
        check_question_refs(lesson, g.goals[i], path + ".goals[" + std::to_string(i) + "]", error);
}

void check_answer_refs(const Lesson& lesson, const std::vector<Action>& actions, const std::string& path, std::string& error) {
    for (size_t i = 0; i < actions.size() && error.empty(); ++i) {
        if (actions[i].kind != Action::Kind::Answer) continue;
        const std::string p = path + "[" + std::to_string(i) + "]";
        const Question* q = lesson.find_question(actions[i].question);
        if (!q) error = p + ".question: no question '" + actions[i].question + "' in this lesson";
        else if (actions[i].choice >= static_cast<int>(q->choices.size()))
            error = p + ".choice: question '" + q->id + "' has " + std::to_string(q->choices.size()) + " choices";
    }
}

}  // namespace

Result<Lesson> parse_lesson(const Json& j, const std::string& file_name) {
    std::string error;
    Obj o(j, "", error);
    Lesson lesson;
    lesson.file = file_name;
    lesson.id = o.str("id");
    if (!o.bad() && !is_slug(lesson.id)) o.fail("id", "use lower-case letters, digits and '-'");
    lesson.order = static_cast<int>(o.integer("order", 0, 99));
    lesson.title = o.str("title");
    lesson.summary = o.str("summary");
    lesson.explanation = o.strings("explanation", 1, 4);
    if (o.has("setup")) lesson.setup = parse_actions(o, "setup", 0, 40);
    for (size_t i = 0; i < lesson.setup.size(); ++i) {
        const Action::Kind k = lesson.setup[i].kind;
        if (k != Action::Kind::Command && k != Action::Kind::Record && k != Action::Kind::LegacyDeposit &&
            k != Action::Kind::SnapshotEvery)
            o.fail("setup[" + std::to_string(i) + "].do",
                   "only actions that write history belong in setup (command, record, legacy_deposit, snapshot_every)");
    }
    const Json& steps = o.array("steps", 1, 8);
    for (size_t i = 0; i < steps.size() && !o.bad(); ++i) {
        Obj s(steps[i], o.child("steps", i), error);
        Step step;
        step.instruction = s.str("instruction");
        if (s.has("goal")) step.goal = parse_goal(s.raw("goal"), s.child("goal"), error);
        else s.fail("goal", "missing");
        step.hints = s.strings("hints", 1, 4);
        step.solution = parse_actions(s, "solution", 1, 12);
        if (s.has("tool")) step.tool = parse_tool(s.raw("tool"), s.child("tool"), error);
        s.no_other_fields();
        lesson.steps.push_back(std::move(step));
    }
    if (o.has("questions")) {
        const Json& qs = o.array("questions", 0, 4);
        std::set<std::string> ids;
        for (size_t i = 0; i < qs.size() && !o.bad(); ++i) {
            Question q = parse_question(qs[i], o.child("questions", i), error);
            if (!ids.insert(q.id).second) o.fail(o.child("questions", i) + ".id", "'" + q.id + "' is used twice");
            lesson.questions.push_back(std::move(q));
        }
    }
    lesson.reading = o.strings("reading", 1, 5);
    for (size_t i = 0; i < lesson.reading.size(); ++i)
        if (!find_reading(lesson.reading[i]))
            o.fail("reading[" + std::to_string(i) + "]", "unknown reading '" + lesson.reading[i] +
                                                             "' (fowler, young-talk, kurrentdb, versioning, cqrs-journey)");
    o.no_other_fields();
    check_answer_refs(lesson, lesson.setup, "setup", error);
    for (size_t i = 0; i < lesson.steps.size(); ++i) {
        const std::string p = "steps[" + std::to_string(i) + "]";
        check_question_refs(lesson, lesson.steps[i].goal, p + ".goal", error);
        check_answer_refs(lesson, lesson.steps[i].solution, p + ".solution", error);
    }
    if (!error.empty()) return make_error(ErrorCode::InvalidArgument, file_name + ": " + error);
    return lesson;
}

Result<Lesson> load_lesson_file(const std::string& path) {
    const std::string name = std::filesystem::path(path).filename().string();
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorCode::NotFound, name + ": cannot be read");
    std::stringstream text;
    text << in.rdbuf();
    Json j = Json::parse(text.str(), nullptr, false);
    if (j.is_discarded()) return make_error(ErrorCode::InvalidArgument, name + ": not valid JSON");
    auto lesson = parse_lesson(j, name);
    if (!lesson.ok()) return lesson;
    // The file name carries the order and the id: "05-time-travel.json".
    char expected[16];
    std::snprintf(expected, sizeof expected, "%02d-", lesson->order);
    if (name != expected + lesson->id + ".json")
        return make_error(ErrorCode::InvalidArgument, name + ": id/order: the file should be named " + expected +
                                                          lesson->id + ".json");
    return lesson;
}

Result<std::vector<Lesson>> load_lessons(const std::string& dir) {
    std::vector<std::string> paths;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".json") paths.push_back(entry.path().string());
    if (ec) return make_error(ErrorCode::NotFound, "the lessons folder " + dir + " cannot be read: " + ec.message());
    std::sort(paths.begin(), paths.end());
    std::vector<Lesson> lessons;
    std::map<std::string, std::string> ids;
    std::map<int, std::string> orders;
    for (const std::string& path : paths) {
        auto lesson = load_lesson_file(path);
        if (!lesson.ok()) return lesson.error();
        if (ids.count(lesson->id))
            return make_error(ErrorCode::InvalidArgument, lesson->file + ": id: '" + lesson->id + "' is also the id of " + ids[lesson->id]);
        if (orders.count(lesson->order))
            return make_error(ErrorCode::InvalidArgument,
                              lesson->file + ": order: " + std::to_string(lesson->order) + " is also the order of " + orders[lesson->order]);
        ids[lesson->id] = lesson->file;
        orders[lesson->order] = lesson->file;
        lessons.push_back(std::move(lesson).value());
    }
    std::sort(lessons.begin(), lessons.end(), [](const Lesson& a, const Lesson& b) { return a.order < b.order; });
    return lessons;
}

}  // namespace es::lessons
