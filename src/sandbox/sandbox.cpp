// The learner's sandbox session (see sandbox.h).
#include "sandbox/sandbox.h"

#include <chrono>

#include "bank/log_transfer.h"
#include "core/event_writer.h"
#include "core/integrity.h"
#include "bank/replay_trace.h"
#include "bank/typed_events.h"

namespace es::sandbox {

Sandbox::Sandbox(bool durable) : storage_(durable), upcasters_(bank::bank_upcasters()), store_(storage_, clock_, ids_) {
    store_.set_upcasters(&upcasters_);
    store_.set_payload_codec(&bank::bank_payload_codec());  // before open, which then decodes as it reads
    rules_.set_clock(&clock_);
    rules_.set_now(clock_.now_ms());
    rules_.allow_free_form(true);  // a lesson's free-form events: time only
    bank_log_.check_history(&rules_, &store_.recorded_log());
}

void Sandbox::allow_free_form_type(const std::string& type) {
    if (!upcasters_.knows(type)) upcasters_.register_type(type, 1);
}

Sandbox::~Sandbox() = default;

Status Sandbox::open(EventList saved, const std::vector<Snapshot>& snapshots, EventStore::HashCheck hashes) {
    std::string lines;
    for (const RecordedEvent& e : saved) {
        lines += encode_event_line(e);
        lines += '\n';
    }
    if (Status s = storage_.load_saved(std::move(lines), snapshots); !s.ok()) return s;
    return open_store(std::move(saved), {}, hashes);
}

Status Sandbox::open_loaded(LoadedLog loaded, const std::vector<Snapshot>& snapshots, EventStore::HashCheck hashes) {
    if (Status s = storage_.load_saved(std::move(loaded.lines), snapshots); !s.ok()) return s;
    return open_store(std::move(loaded.events), std::move(loaded.content_hashes), hashes);
}

Status Sandbox::open_store(EventList saved, std::vector<Sha256Digest> content_hashes, EventStore::HashCheck hashes) {
    Status opened = store_.open(std::move(saved), std::move(content_hashes), hashes);
    hash_check_ = HashCheckProgress{};
    if (hashes == EventStore::HashCheck::Later) hash_check_.total = store_.head_position();
    if (!opened.ok()) problem_ = opened.error().message;
    set_snapshot_every(snapshot_every_);
    opened_balances_version_ = balances_.version();
    for (Projection* p : projections_) {
        Status sub = ok_status();
        if (p == &bank_log_) {
            if (auto id = store_.subscribe(*p); !id.ok()) sub = id.error();
        } else if (hashes == EventStore::HashCheck::Later && p != &balances_) {
            eventual_.attach_later(*p);  // warm_read_models() catches it up after the first frames
        } else {
            sub = eventual_.attach(*p);
        }
        if (!sub.ok() && problem_.empty()) problem_ = sub.error().message;
    }
    if (opened.ok()) {
        (void)rules_.end_batch();  // the stored log is committed: no transfer may be left open
        note_broken_rule();
    }
    return opened;
}

bool Sandbox::warm_read_models(double budget_ms, const std::function<double()>& now_ms) {
    if (!eventual_.warming()) return false;
    const double start = now_ms();
    note_warming_problem(eventual_.warm(budget_ms, now_ms));
    warm_ms_ += now_ms() - start;
    return true;
}

void Sandbox::note_warming_problem(const Status& warmed) {
    if (!warmed.ok() && problem_.empty()) problem_ = warmed.error().message;
}

void Sandbox::check_hashes(double budget_ms, const std::function<double()>& now_ms) {
    HashCheckProgress& h = hash_check_;
    const double start = now_ms();
    const RecordedLog& log = store_.recorded_log();  // a browser sandbox holds its whole log
    while (!h.done() && h.checked < log.size()) {
        const RecordedEvent& e = log[h.checked];
        if (std::string problem = check_event_hash(e); !problem.empty()) {
            h.bad_position = e.global_position;
            h.problem = std::move(problem);
            break;
        }
        ++h.checked;
        if ((h.checked & 63) == 0 && now_ms() - start >= budget_ms) break;
    }
    if (h.checked == log.size() && h.problem.empty()) h.total = h.checked;  // a log cut at a break holds fewer
    h.ms += now_ms() - start;
}

double Sandbox::background_budget_ms(double frame_interval_ms) {
    constexpr double kShare = 0.25, kAtLeastMs = 4.0, kAtMostMs = 12.0;
    const double share = frame_interval_ms * kShare;
    if (!(share >= kAtLeastMs)) return kAtLeastMs;  // also a NaN interval
    return share > kAtMostMs ? kAtMostMs : share;
}

void Sandbox::note_broken_rule() {
    const auto& broken = rules_.broken();
    if (!broken || !problem_.empty()) return;
    problem_ = "position " + std::to_string(broken->position) + ": " + broken->message +
               ". A history that breaks the bank's rules is never trusted, even when its hash chain verifies: "
               "export it or reset the sandbox";
}

Result<bank::CommandOutcome> Sandbox::execute(const bank::Command& command) {
    // A command's flow and trace show every read model it reaches: any still catching up from
    // the open does so now (and an event it cannot read refuses the command, as at open).
    note_warming_problem(eventual_.finish_warming());
    if (!problem_.empty())
        return make_error(ErrorCode::Corrupt, "nothing can be written until this is resolved: " + problem_);
    trace_.begin(Trace::Kind::Command, bank::command_type_name(command));
    bank_->set_trace(&trace_);
    store_.set_trace(&trace_);
    Attempt attempt;
    attempt.command = bank::command_type_name(command);
    attempt.account = bank::command_account_id(command);
    attempt.had_expected_version = bank::command_meta(command).expected_version.has_value();
    attempt.head_before = store_.head_position();
    const FlowRecorder flow(*this, command);  // reads the read models as they are before the command
    auto outcome = bank_->execute(command);
    bank_->set_trace(nullptr);
    store_.set_trace(nullptr);
    trace_.end(outcome.ok());
    if (outcome.ok()) accepted_trace_ = trace_;
    attempt.accepted = outcome.ok();
    if (!outcome.ok()) attempt.error = outcome.error().code;
    attempt.head_after = store_.head_position();
    // Read models that apply events later are still unchanged here: the flow reports their lag.
    flow_ = flow.finish(outcome, bank_->last_loaded(), trace_.empty() ? attempt.command : trace_.messages().front().text,
                        flow_.serial + 1);
    attempts_.push_back(std::move(attempt));
    return outcome;
}

void Sandbox::trace_replay(const std::string& account_id) { (void)bank::trace_replay(store_, account_id, trace_); }

Result<uint64_t> Sandbox::adopt(const EventList& events) {
    if (!events.empty()) storage_.expect_saved_elsewhere(events.back().global_position);
    auto head = store_.append_recorded(events);
    note_broken_rule();
    return head;
}

Result<uint64_t> Sandbox::import_events(EventList&& events) {
    if (!problem_.empty())
        return make_error(ErrorCode::Corrupt, "nothing can be written until this is resolved: " + problem_);
    return store_.append_recorded(std::move(events));
}

Status Sandbox::begin_import() {
    import_.reset();
    bank::HistoryRules after_log = rules_;  // continued, not replayed
    after_log.set_now(clock_.now_ms());
    auto checker = bank::start_import(store_.recorded_log(), bank::ImportChain::LeaveToStore, &after_log);
    if (!checker.ok()) return checker.error();
    import_.emplace(std::move(checker).value());
    import_head_ = store_.head_position();
    return ok_status();
}

Error Sandbox::import_moved() const {
    return make_error(ErrorCode::Conflict, "the log moved from position " + std::to_string(import_head_) + " to " +
                                               std::to_string(store_.head_position()) +
                                               " while the file was being read, so it no longer continues where it "
                                               "was checked; import it again");
}

Status Sandbox::feed_import(std::string_view piece) {
    if (!import_) return make_error(ErrorCode::InvalidArgument, "no import has begun");
    // (Checked at once: the checker reads the log's events, and the rest would be refused anyway.)
    if (store_.head_position() != import_head_) return import_moved();
    return import_->feed(piece);
}

Result<Sandbox::Imported> Sandbox::finish_import() {
    if (!import_) return make_error(ErrorCode::InvalidArgument, "no import has begun");
    bank::ImportChecker checker = std::move(*import_);
    import_.reset();
    if (store_.head_position() != import_head_) return import_moved();
    // The store checks the chain as it appends. When anything is refused, the first event it
    // would refuse, if it comes first, is the problem a whole check (ImportChain::Check) names.
    const auto first_broken_link = [&](const EventList& events, const RecordedEvent* then) -> std::optional<Error> {
        auto refused = store_.refusal_of(events, then);
        if (!refused || !refused->link) return std::nullopt;
        const size_t i = refused->index;
        const size_t line = i < checker.event_lines().size() ? checker.event_lines()[i] : checker.refused_by_rules()->line;
        return make_error(ErrorCode::Corrupt, "line " + std::to_string(line) + " (position " +
                                                  std::to_string(store_.head_position() + 1 + i) + "): " + refused->reason);
    };
    auto events = checker.finish();
    if (!events.ok()) {
        const EventList checked = checker.take_checked();
        const auto& refused = checker.refused_by_rules();
        return first_broken_link(checked, refused ? &refused->event : nullptr).value_or(events.error());
    }
    Imported result;
    result.count = events->size();
    if (events->empty()) return result;
    result.first = events->front().global_position;
    auto head = import_events(std::move(*events));
    if (!head.ok()) return first_broken_link(*events, nullptr).value_or(head.error());  // nothing was appended
    result.head = *head;
    return result;
}

Result<Sandbox::Imported> Sandbox::import_text(std::string_view text) {
    if (Status s = begin_import(); !s.ok()) return s.error();
    (void)feed_import(text);  // a problem is kept: finish_import returns it
    return finish_import();
}

void Sandbox::set_snapshot_every(uint64_t n) {
    snapshot_every_ = n;
    bank::BankOptions options;
    options.snapshot_storage = &storage_;  // existing snapshots are still used when loading
    options.snapshot_policy = SnapshotPolicy{n};
    options.clock = &clock_;
    bank_ = std::make_unique<bank::Bank>(store_, options);
}

Status Sandbox::add_projection(const std::string& name) {
    if (name != "daily-totals") return make_error(ErrorCode::NotFound, "no read model named '" + name + "' can be added");
    if (daily_) return make_error(ErrorCode::AlreadyExists, "the read model '" + name + "' is already there");
    auto projection = std::make_unique<bank::DailyTotalsProjection>();
    // Catches up from position 0 at once, then follows the log (held back like the others
    // while the eventual mode is on).
    if (Status s = eventual_.attach(*projection); !s.ok()) return s;
    daily_ = std::move(projection);
    projections_.push_back(daily_.get());
    return ok_status();
}

bool Sandbox::has_projection(const std::string& name) const {
    for (const Projection* p : projections_)
        if (p->name() == name) return true;
    return false;
}

std::vector<Sandbox::ProjectionInfo> Sandbox::projections() const {
    std::vector<ProjectionInfo> out;
    const uint64_t head = store_.head_position();
    for (const Projection* pp : projections_) {
        const Projection& p = *pp;
        ProjectionInfo info;
        info.name = p.name();
        info.version = p.version();
        info.folded_version = p.version();
        info.checkpoint = p.checkpoint();
        info.lag = head > p.checkpoint() ? head - p.checkpoint() : 0;
        auto it = rebuilt_.find(info.name);
        if (it != rebuilt_.end()) {
            info.folded_version = it->second.folded_version;
            info.last_rebuild_ms = it->second.ms;
            info.last_rebuild_events = it->second.events;
        } else if (info.name == "balances") {
            info.folded_version = opened_balances_version_;  // never rebuilt: what open() folded with
        }
        out.push_back(std::move(info));
    }
    return out;
}

Status Sandbox::rebuild_projection(const std::string& name) {
    Projection* target = nullptr;
    for (Projection* p : projections_)
        if (p->name() == name) target = p;
    if (target == nullptr) return make_error(ErrorCode::NotFound, "no projection named '" + name + "'");
    const auto start = std::chrono::steady_clock::now();
    Status s = store_.rebuild(*target);  // reset, then every event from position 1, in order
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (!s.ok()) return s;
    rebuilt_[name] = Rebuilt{target->version(), ms, store_.head_position()};
    return ok_status();
}

}  // namespace es::sandbox
