// LessonRun (lesson_run.h): the lesson's sandbox, its progress, and the actions a learner (or
// "Show solution") performs. Commands go through Sandbox::execute, the Commands window's path.
#include "lessons/lesson_run.h"

#include <algorithm>
#include <cctype>

#include "bank/commands.h"
#include "bank/events.h"
#include "bank/log_transfer.h"
#include "bank/money.h"
#include "core/event_reader.h"
#include "lessons/windows.h"

namespace es::lessons {

void apply_to_facts(const ViewRequest& request, uint64_t head, ViewFacts& facts) {
    for (uint64_t p : request.travel) {
        facts.at_now = p >= head;
        facts.position = std::min(p, head);
        facts.visited.insert(facts.position);
        if (!facts.at_now) facts.travelled.insert(facts.position);
    }
    if (request.back_to_now) {
        facts.at_now = true;
        facts.position = head;
    }
    facts.open_windows.insert(request.open_windows.begin(), request.open_windows.end());
    if (request.play_sequence) facts.sequence_played_to_end = true;
    facts.replay_seen.insert(request.replay_steps.begin(), request.replay_steps.end());
}

bool saved_complete(const Json& progress) {
    if (!progress.is_object()) return false;
    for (const char* key : {"complete", "completedOnce"}) {  // a restarted lesson stays done on the path
        auto it = progress.find(key);
        if (it != progress.end() && it->is_boolean() && it->get<bool>()) return true;
    }
    return false;
}

size_t saved_steps_done(const Json& progress) {
    if (!progress.is_object()) return 0;
    auto it = progress.find("stepsDone");
    return it != progress.end() && it->is_number_integer() && it->get<int64_t>() >= 0 ? it->get<size_t>() : 0;
}

Result<EventList> saved_events(const Json& progress) {
    auto log = progress.is_object() ? progress.find("log") : progress.end();
    if (!progress.is_object() || log == progress.end() || !log->is_string())
        return make_error(ErrorCode::InvalidArgument, "log is not text");
    EventList events;
    const std::string& text = log->get_ref<const std::string&>();
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        if (end > start) {
            auto e = decode_event_line(std::string_view(text).substr(start, end - start));
            if (!e.ok())
                return make_error(ErrorCode::InvalidArgument, "event " + std::to_string(events.size() + 1) + ": " + e.error().message);
            events.push_back(std::move(e).value());
        }
        start = end + 1;
    }
    return events;
}

LessonRun::LessonRun(const Lesson& lesson) : lesson_(&lesson) {}

Status LessonRun::fresh_sandbox(const EventList& events, int balances_version, uint64_t snapshot_every) {
    sandbox_ = std::make_unique<sandbox::Sandbox>(false);  // memory only: never the free sandbox's log
    sandbox_->set_balances_version(balances_version);  // before open(): the balances fold with it
    for (const RecordedEvent& e : events)  // the free-form events recorded in this lesson
        if (e.stream_id.rfind("account-", 0) != 0) sandbox_->allow_free_form_type(e.type);
    Status s = sandbox_->open(events, {});
    if (s.ok() && !sandbox_->problem().empty()) return make_error(ErrorCode::Corrupt, sandbox_->problem());
    if (!s.ok()) return s;
    sandbox_->set_snapshot_every(snapshot_every);
    reset_facts();
    return ok_status();
}

void LessonRun::reset_facts() {
    facts_ = ViewFacts{};
    facts_.position = sandbox_->store().head_position();
    facts_.visited.insert(facts_.position);  // "now" shows the head
    for (const WindowInfo& w : kWindows)
        if (*w.lesson_name && w.open_at_start) facts_.open_windows.insert(w.lesson_name);
}

Status LessonRun::start() {
    steps_done_ = 0;
    current_ = 0;
    hints_shown_ = 0;
    answers_.clear();
    tamper_ = TamperState{};
    digest_ = DigestState{};
    code_ = CodeWork{};
    if (Status s = fresh_sandbox({}, 2, sandbox::Sandbox::kDefaultSnapshotEvery); !s.ok()) return s;
    // The setup writes the history the learner finds: every part of it must go through.
    for (size_t i = 0; i < lesson_->setup.size(); ++i) {
        const Action& a = lesson_->setup[i];
        Status done = ok_status();
        if (a.kind == Action::Kind::Command) {
            done = run_command(a.command);  // a refusal here is a mistake in the file
        } else if (auto v = perform(a); !v.ok()) {
            done = v.error();
        }
        if (!done.ok())
            return make_error(done.error().code, lesson_->file + ": setup[" + std::to_string(i) + "] failed: " + done.error().message);
    }
    reset_facts();
    last_message_.clear();
    mark_step_start();
    return ok_status();
}

void LessonRun::mark_step_start() {
    step_start_ = StepStart{sandbox_->store().head_position(), sandbox_->balances().version(), sandbox_->snapshot_every(),
                            sandbox_->daily_totals() != nullptr};
    code_.forget_results();  // a Run or Check of an earlier step does not do this one's work
}

bool LessonRun::next_step() {
    if (!current_done() || current_ + 1 >= lesson_->steps.size()) return false;  // the last one stays
    ++current_;
    hints_shown_ = 0;
    last_message_.clear();
    mark_step_start();
    return true;
}

Status LessonRun::restart_step() {
    if (current_done()) return make_error(ErrorCode::InvalidArgument, "this step is already done; go on to the next one");
    const RecordedLog& log = sandbox_->store().recorded_log();
    const EventList before(log.begin(), log.begin() + static_cast<std::ptrdiff_t>(std::min<uint64_t>(step_start_.head, log.size())));
    const StepStart start = step_start_;
    if (Status s = fresh_sandbox(before, start.balances_version, start.snapshot_every); !s.ok()) return s;
    if (start.daily_totals) (void)sandbox_->add_projection("daily-totals");
    tamper_ = TamperState{};
    digest_.checked = false;
    if (digest_.saved && digest_.saved->position > start.head) digest_.saved.reset();  // vouched for undone events
    hints_shown_ = 0;
    code_.forget_results();
    step_start_ = start;
    last_message_ = "The step starts again from where it began.";
    return ok_status();
}

Json LessonRun::progress_json() const {
    Json answers = Json::object();
    for (const auto& [q, c] : answers_) answers[q] = c;
    return Json{{"lesson", lesson_->id},
                {"stepsDone", steps_done_},
                {"current", current_},
                {"stepStart", Json{{"head", step_start_.head}, {"balancesVersion", step_start_.balances_version},
                                   {"snapshotEvery", step_start_.snapshot_every}, {"dailyTotals", step_start_.daily_totals}}},
                {"hintsShown", hints_shown_},
                {"answers", answers},
                {"complete", complete()},
                {"completedOnce", completed_once_ || complete()},
                {"balancesVersion", sandbox_->balances().version()},
                {"snapshotEvery", sandbox_->snapshot_every()},
                {"addedProjections", sandbox_->daily_totals() ? Json::array({"daily-totals"}) : Json::array()},
                {"visited", facts_.visited},
                {"replaySeen", facts_.replay_seen},
                {"savedDigest", digest_.saved ? format_digest(*digest_.saved) : std::string()},
                {"code", code_.to_json()},
                {"log", bank::export_jsonl(sandbox_->store().recorded_log())}};
}

Status LessonRun::restore(const Json& p) {
    auto bad = [&](const std::string& what) {
        return make_error(ErrorCode::InvalidArgument, "saved progress of lesson '" + lesson_->id + "': " + what);
    };
    if (!p.is_object()) return bad("is not an object");
    auto field = [&](const char* name) -> const Json& {
        static const Json none;
        auto it = p.find(name);
        return it == p.end() ? none : *it;
    };
    auto count = [](const Json& v) { return v.is_number_integer() && v.get<int64_t>() >= 0; };
    if (field("lesson") != Json(lesson_->id)) return bad("belongs to another lesson");
    const Json& steps = field("stepsDone");
    const Json& hints = field("hintsShown");
    const Json& answers = field("answers");
    const Json& log = field("log");
    if (!count(steps) || steps.get<size_t>() > lesson_->steps.size()) return bad("stepsDone is out of range");
    if (!count(hints)) return bad("hintsShown is not a count");
    if (!answers.is_object()) return bad("answers is not an object");
    if (!log.is_string()) return bad("log is not text");
    auto read = saved_events(p);
    if (!read.ok()) return bad(read.error().message);
    EventList events = std::move(read).value();
    const int balances_version = field("balancesVersion") == Json(1) ? 1 : 2;
    const uint64_t snapshot_every =
        count(field("snapshotEvery")) ? field("snapshotEvery").get<uint64_t>() : sandbox::Sandbox::kDefaultSnapshotEvery;
    if (Status s = fresh_sandbox(events, balances_version, snapshot_every); !s.ok()) return bad(s.error().message);
    if (field("addedProjections").is_array())
        for (const Json& name : field("addedProjections"))
            if (name.is_string()) (void)sandbox_->add_projection(name.get<std::string>());
    steps_done_ = steps.get<size_t>();
    // The step the learner was on: the first one not done, or the one just done (its outcome was
    // on screen); an older record without it resumes at the first step not done.
    const Json& current = field("current");
    current_ = count(current) && current.get<size_t>() <= steps_done_ && current.get<size_t>() + 1 >= steps_done_
                   ? current.get<size_t>()
                   : steps_done_;
    if (current_ >= lesson_->steps.size() && !lesson_->steps.empty()) current_ = lesson_->steps.size() - 1;
    const Step* step = current_step();
    hints_shown_ = std::min(hints.get<size_t>(), step ? step->hints.size() : size_t{0});
    answers_.clear();
    for (const Question& q : lesson_->questions) {
        auto it = answers.find(q.id);
        if (it != answers.end() && it->is_number_integer() && it->get<int64_t>() >= 0 &&
            it->get<int64_t>() < static_cast<int64_t>(q.choices.size()))
            answers_[q.id] = static_cast<int>(it->get<int64_t>());
    }
    completed_once_ = saved_complete(p);
    tamper_ = TamperState{};
    digest_ = DigestState{};
    code_ = CodeWork{};
    code_.restore(field("code"));
    mark_step_start();  // where the step's events began, when the record says (else: here)
    const Json& saved_start = field("stepStart");
    if (saved_start.is_object()) {
        auto value = [&](const char* name) -> const Json& {
            static const Json none;
            auto it = saved_start.find(name);
            return it == saved_start.end() ? none : *it;
        };
        if (count(value("head")) && value("head").get<uint64_t>() <= sandbox_->store().head_position())
            step_start_.head = value("head").get<uint64_t>();
        if (value("balancesVersion") == Json(1) || value("balancesVersion") == Json(2))
            step_start_.balances_version = value("balancesVersion").get<int>();
        if (count(value("snapshotEvery"))) step_start_.snapshot_every = value("snapshotEvery").get<uint64_t>();
        if (value("dailyTotals").is_boolean()) step_start_.daily_totals = value("dailyTotals").get<bool>();
    }
    for (auto [name, positions] : {std::pair<const char*, std::set<uint64_t>*>{"visited", &facts_.visited},
                                   {"replaySeen", &facts_.replay_seen}}) {
        if (!field(name).is_array()) continue;
        for (const Json& v : field(name))
            if (count(v) && v.get<uint64_t>() <= sandbox_->store().head_position()) positions->insert(v.get<uint64_t>());
    }
    // The learner's saved digest, kept with the lesson's progress (one that does not read is dropped).
    if (field("savedDigest").is_string()) {
        auto saved = parse_digest(field("savedDigest").get<std::string>());
        if (saved.ok() && saved->position <= sandbox_->store().head_position()) digest_.saved = std::move(saved).value();
    }
    return ok_status();
}

const Step* LessonRun::current_step() const {
    return current_ < lesson_->steps.size() ? &lesson_->steps[current_] : nullptr;
}

bool LessonRun::questions_complete() const {
    for (const Question& q : lesson_->questions) {
        auto a = answer_of(q.id);
        if (!a || *a != q.correct_choice()) return false;
    }
    return true;
}

void LessonRun::show_hint() {
    const Step* step = current_step();
    if (step && hints_shown_ < step->hints.size()) ++hints_shown_;
}

size_t LessonRun::update() {
    size_t done = 0;
    const Step* step = current_step();
    if (step && !current_done() && check(step->goal).met) {
        ++steps_done_;
        done = 1;
    }
    if (complete()) completed_once_ = true;
    return done;
}

void LessonRun::answer(const std::string& question, int choice) {
    const Question* q = lesson_->find_question(question);
    if (!q || choice < 0 || choice >= static_cast<int>(q->choices.size())) return;
    answers_[question] = choice;
}

std::optional<int> LessonRun::answer_of(const std::string& question) const {
    auto it = answers_.find(question);
    if (it == answers_.end()) return std::nullopt;
    return it->second;
}

Status LessonRun::run_command(const Json& command) {
    auto parsed = bank::command_from_json(command);
    if (!parsed.ok()) return parsed.error();
    auto outcome = sandbox_->execute(*parsed);
    if (!outcome.ok()) {
        last_message_ = std::string(bank::command_type_name(*parsed)) + " refused: " + outcome.error().message;
        return outcome.error();
    }
    last_message_ = std::string(bank::command_type_name(*parsed)) + ": " + std::to_string(outcome->events.size()) + " event(s) written";
    return ok_status();
}

Result<ViewRequest> LessonRun::perform(const Action& a) {
    ViewRequest view;
    const uint64_t head = sandbox_->store().head_position();
    switch (a.kind) {
    case Action::Kind::Command: {
        Status s = run_command(a.command);
        // A refusal the lesson is about (a business rule, a stale version) is what the learner
        // was asked to cause: the action itself went as planned.
        if (!s.ok() && s.error().code != ErrorCode::Rejected && s.error().code != ErrorCode::Conflict) return s.error();
        break;
    }
    case Action::Kind::Record:
        if (Status s = record(a.stream, a.type, a.time, a.text); !s.ok()) return s.error();
        break;
    case Action::Kind::LegacyDeposit:
        if (Status s = legacy_deposit(a.account, a.amount); !s.ok()) return s.error();
        break;
    case Action::Kind::Tamper:
        if (Status s = tamper(a.position, a.amount, a.rehash); !s.ok()) return s.error();
        break;
    case Action::Kind::Verify:
        (void)verify();
        break;
    case Action::Kind::SaveDigest:
        save_digest();
        break;
    case Action::Kind::CheckDigest:
        (void)check_digest();
        break;
    case Action::Kind::Travel:
        if (a.position > head)
            return make_error(ErrorCode::NotFound, "position " + std::to_string(a.position) + " is past the head (" +
                                                       std::to_string(head) + ")");
        view.travel.push_back(a.position);
        break;
    case Action::Kind::BackToNow:
        view.back_to_now = true;
        break;
    case Action::Kind::StepThrough: {  // an account's stream, or a free-form one
        const std::string stream = a.stream.empty() ? bank::account_stream_id(a.account) : a.stream;
        const auto& positions = sandbox_->store().stream_positions(stream);
        if (positions.empty()) return make_error(ErrorCode::NotFound, stream + " has no events to step through");
        view.travel = positions;
        break;
    }
    case Action::Kind::StepReplay: {
        const auto& positions = sandbox_->store().stream_positions(bank::account_stream_id(a.account));
        if (positions.empty()) return make_error(ErrorCode::NotFound, a.account + " has no events to replay");
        view.open_windows.push_back("replay");
        view.replay_account = a.account;
        view.replay_steps = positions;
        break;
    }
    case Action::Kind::OpenWindow:
        view.open_windows.push_back(a.window);
        break;
    case Action::Kind::SetBalancesVersion:
        sandbox_->set_balances_version(a.version);
        break;
    case Action::Kind::Rebuild:
        if (Status s = sandbox_->rebuild_projection(a.projection); !s.ok()) return s.error();
        break;
    case Action::Kind::AddProjection:
        if (Status s = sandbox_->add_projection(a.projection); !s.ok()) return s.error();
        break;
    case Action::Kind::SnapshotEvery:
        sandbox_->set_snapshot_every(a.n);
        break;
    case Action::Kind::Eventual:
        sandbox_->eventual().set_release(a.release_on_request ? sandbox::EventualFeed::Release::OnRequest
                                                              : sandbox::EventualFeed::Release::AfterDelay);
        sandbox_->eventual().set_on(a.on);
        break;
    case Action::Kind::CatchUp:
        sandbox_->eventual().catch_up();
        break;
    case Action::Kind::Answer:
        if (!lesson_->find_question(a.question)) return make_error(ErrorCode::NotFound, "no question '" + a.question + "'");
        answer(a.question, a.choice);
        break;
    case Action::Kind::TraceReplay:
        sandbox_->trace_replay(a.account);
        view.open_windows.push_back("sequence");
        break;
    case Action::Kind::PlaySequence:
        view.play_sequence = true;
        break;
    case Action::Kind::TypeCode:
    case Action::Kind::RunCode:
    case Action::Kind::CheckCode:
        return perform_code(a);
    case Action::Kind::ArrangeDiagram: {
        // What the learner does by hand, on cards of its own: each card moved into place, then
        // Check. The window does the same on the cards it shows (ApplyViewRequest).
        sandbox::DiagramSource source = sandbox::DiagramSource::Command;
        (void)sandbox::parse_diagram_source(a.trace, source);
        const Trace trace = sandbox::diagram_trace(*sandbox_, source, a.account);
        if (trace.empty())
            return make_error(ErrorCode::NotFound, source == sandbox::DiagramSource::Command
                                                       ? "no command has been accepted yet: there is nothing to draw"
                                                       : a.account + " has no events to replay");
        sandbox::DiagramCards cards(trace, sandbox_->store().head_position());
        for (const sandbox::DiagramCards::Move& m : cards.moves_into_place()) cards.move(m.from, m.to);
        note_diagram_check(source, cards.title(), cards.check());
        view.open_windows.push_back("draw_diagram");
        view.arrange_diagram = a.trace;
        view.arrange_account = a.account;
        break;
    }
    }
    return view;
}

namespace {

// Whether meeting `g` takes a refused command (a business rule's, or a conflict's).
bool asks_for_refusal(const Goal& g) {
    if (g.kind == Goal::Kind::Rejected || g.kind == Goal::Kind::ConflictResolved) return true;
    for (const Goal& sub : g.goals)
        if (asks_for_refusal(sub)) return true;
    return false;
}

}  // namespace

Result<ViewRequest> LessonRun::perform_solution() {
    const Step* step = current_step();
    if (!step) return make_error(ErrorCode::NotFound, "every step is already done");
    if (current_done()) return make_error(ErrorCode::InvalidArgument, "this step is already done; go on to the next one");
    const bool refusals_expected = asks_for_refusal(step->goal);
    ViewRequest all;
    for (const Action& a : step->solution) {
        const uint64_t head = sandbox_->store().head_position();
        auto v = perform(a);
        if (!v.ok()) return v;
        if (a.kind == Action::Kind::Command && !refusals_expected && sandbox_->store().head_position() == head)
            return make_error(ErrorCode::Rejected, last_message_);  // "Withdraw refused: ..."
        // Later actions may depend on what the views show (a travel, then a check).
        apply_to_facts(*v, sandbox_->store().head_position(), facts_);
        all.travel.insert(all.travel.end(), v->travel.begin(), v->travel.end());
        if (v->back_to_now) {
            all.travel.clear();
            all.back_to_now = true;
        } else if (!v->travel.empty()) {
            all.back_to_now = false;
        }
        all.open_windows.insert(all.open_windows.end(), v->open_windows.begin(), v->open_windows.end());
        all.play_sequence = all.play_sequence || v->play_sequence;
        all.run_code = all.run_code || v->run_code;
        if (!v->arrange_diagram.empty()) {
            all.arrange_diagram = v->arrange_diagram;
            all.arrange_account = v->arrange_account;
        }
        if (!v->replay_account.empty()) {
            all.replay_account = v->replay_account;
            all.replay_steps = v->replay_steps;
        }
    }
    return all;
}

Status LessonRun::record(const std::string& stream, const std::string& type, const std::string& time,
                         const std::string& text, const std::string& actor) {
    const std::string problem = record_problem(stream, type, time, text);
    if (!problem.empty()) return refuse("Not recorded: ", ErrorCode::InvalidArgument, problem);
    sandbox_->allow_free_form_type(type);
    NewEvent e;
    e.type = type;
    e.data = Json{{"time", time}, {"text", text}};
    e.metadata.actor = actor;
    auto r = sandbox_->store().append(stream, ExpectedVersion::any(), {std::move(e)});
    if (!r.ok()) return refuse("Not recorded: ", r.error().code, r.error().message);
    last_message_ = "Recorded " + type + " at " + time + " on " + stream + " (position " + std::to_string(r->last_position) + ")";
    return ok_status();
}

Status LessonRun::legacy_deposit(const std::string& account, const std::string& amount) {
    auto cents = bank::parse_amount(amount);
    if (!cents.ok()) return refuse("Not written: ", ErrorCode::InvalidArgument, cents.error().message);
    const std::string stream = bank::account_stream_id(account);
    if (!bank::is_valid_account_id(account) || sandbox_->store().stream_version(stream) == 0)
        return refuse("Not written: ", ErrorCode::NotFound, "there is no account \"" + account + "\" to deposit into");
    NewEvent e = bank::make_legacy_deposit_v1(account, *cents,
                                              EventMetadata{"old-app-v1", "written by the first version of the app", "", ""});
    auto r = sandbox_->store().append(stream, ExpectedVersion::stream_exists(), {std::move(e)});
    if (!r.ok()) return refuse("Not written: ", r.error().code, r.error().message);
    last_message_ = "Wrote MoneyDeposited v1 (no currency, no depositor) at position " + std::to_string(r->last_position);
    return ok_status();
}

void LessonRun::note_diagram_check(sandbox::DiagramSource source, const std::string& title,
                                   const sandbox::DiagramCheck& check) {
    facts_.diagram_checked = ViewFacts::DiagramChecked{sandbox::diagram_source_name(source), current_, check.all_in_place(),
                                                       title, check.summary, sandbox_->last_accepted_trace().serial()};
}

Status LessonRun::refuse(const char* prefix, ErrorCode code, const std::string& why) {
    last_message_ = prefix + why;
    return make_error(code, why);
}

}  // namespace es::lessons
