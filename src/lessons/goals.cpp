// Goal checks (LessonRun::check): each looks at the lesson's event store, its read models, the
// command journal or the view facts, never at a "done" flag. `detail` tells the learner what is
// there now, so an unmet goal is never a mystery.
#include <algorithm>
#include <set>

#include "bank/accounts_at.h"
#include "bank/event_view.h"
#include "bank/events.h"
#include "bank/money.h"
#include "lessons/lesson_run.h"

namespace es::lessons {

namespace {

std::string trim(const std::string& s) {
    const size_t a = s.find_first_not_of(" \t\r\n");
    if (a == std::string::npos) return "";
    const size_t b = s.find_last_not_of(" \t\r\n");
    return s.substr(a, b - a + 1);
}

// What an event lacks to meet an `event` goal, in the goal's words; empty when it meets it.
std::vector<std::string> event_lacks(const Goal& g, const RecordedEvent& e) {
    std::vector<std::string> lacks;
    if (!g.type.empty() && e.type != g.type) lacks.push_back("it is a " + e.type + ", not a " + g.type);
    if (!g.account.empty() && e.stream_id != bank::account_stream_id(g.account))
        lacks.push_back("it is on " + e.stream_id + ", not on " + bank::account_stream_id(g.account));
    if (!g.stream_prefix.empty() && e.stream_id.rfind(g.stream_prefix, 0) != 0)
        lacks.push_back("its stream " + e.stream_id + " does not start with \"" + g.stream_prefix + "\"");
    if (g.amount_cents) {
        const auto amount = bank::amount_of(e);
        if (!amount) lacks.push_back("it moves no money");
        else if (*amount != *g.amount_cents)
            lacks.push_back("its amount is " + bank::format_amount(*amount) + ", the goal: " + bank::format_amount(*g.amount_cents));
    }
    if (!g.actor.empty() && e.metadata.actor != g.actor)
        lacks.push_back("its Actor is \"" + e.metadata.actor + "\", the goal: \"" + g.actor + "\"");
    if (g.reason_required && trim(e.metadata.reason).empty()) lacks.push_back("it has no Reason");
    if (g.schema_version && e.schema_version != *g.schema_version)
        lacks.push_back("its schema version is " + std::to_string(e.schema_version) + ", the goal: schema version " +
                        std::to_string(*g.schema_version));
    if (g.text_min_length > 0) {
        auto it = e.data.find("text");
        const size_t n = it == e.data.end() || !it->is_string() ? 0 : trim(it->get<std::string>()).size();
        if (n < g.text_min_length)
            lacks.push_back("its text has " + std::to_string(n) + " characters, the goal: at least " + std::to_string(g.text_min_length));
    }
    return lacks;
}

// Every part of an `event` goal, for the progress line: "MoneyWithdrawn on alice, 50.00, with a Reason".
std::string event_goal_words(const Goal& g) {
    std::string out = g.type.empty() ? "events" : g.type;
    if (!g.account.empty()) out += " on " + g.account;
    if (!g.stream_prefix.empty()) out += " on a stream \"" + g.stream_prefix + "...\"";
    if (g.amount_cents) out += ", " + bank::format_amount(*g.amount_cents);
    if (!g.actor.empty()) out += ", Actor \"" + g.actor + "\"";
    if (g.reason_required) out += ", with a Reason";
    if (g.schema_version) out += ", schema version " + std::to_string(*g.schema_version);
    if (g.text_min_length > 0) out += ", a text of " + std::to_string(g.text_min_length) + "+ characters";
    return out;
}

GoalCheck met(std::string detail) { return GoalCheck{true, std::move(detail)}; }
GoalCheck not_met(std::string detail) { return GoalCheck{false, std::move(detail)}; }

// Every account's balance by replaying its events (the truth a read model is compared to).
std::map<std::string, int64_t> replayed_balances(const EventStore& store) {
    std::map<std::string, int64_t> out;
    auto rows = bank::accounts_at(store, store.head_position());
    if (!rows.ok()) return out;
    for (const auto& row : *rows)
        if (row.state.exists) out[row.account_id] = row.state.balance_cents;
    return out;
}

}  // namespace

GoalCheck LessonRun::check(const Goal& g) const {
    const sandbox::Sandbox& sb = *sandbox_;
    const EventStore& store = sb.store();
    switch (g.kind) {
    case Goal::Kind::Event: {
        // Only what was done in this step counts: an event left from an earlier step, or a field
        // filled for it, does not do this step's work.
        uint64_t count = 0;
        std::set<std::string> types;
        const RecordedEvent* closest = nullptr;
        std::vector<std::string> closest_lacks;
        const RecordedLog& log = store.recorded_log();
        for (size_t i = static_cast<size_t>(std::min<uint64_t>(step_start_.head, log.size())); i < log.size(); ++i) {
            const RecordedEvent& e = log[i];
            std::vector<std::string> lacks = event_lacks(g, e);
            if (lacks.empty()) {
                ++count;
                types.insert(e.type);
            } else if (!closest || lacks.size() <= closest_lacks.size()) {
                closest = &e;
                closest_lacks = std::move(lacks);
            }
        }
        std::string detail = event_goal_words(g) + ": " + std::to_string(count) + " of " + std::to_string(g.min_count);
        if (g.distinct_types > 0) detail += ", " + std::to_string(types.size()) + " of " + std::to_string(g.distinct_types) + " types";
        const bool ok = count >= g.min_count && types.size() >= g.distinct_types;
        if (!ok && closest)
            detail += "; the last near miss, #" + std::to_string(closest->global_position) + " " + closest->type + ": " +
                      closest_lacks.front();
        return ok ? met(detail) : not_met(detail);
    }
    case Goal::Kind::Balance: {
        auto balance = sb.balances().balance_of(g.account);
        if (!balance) return not_met("the balances read model has no account \"" + g.account + "\" yet");
        const std::string detail = "the balances read model shows " + bank::format_amount(*balance) + " for " + g.account +
                                   " (the goal: " + bank::format_amount(g.cents) + ")";
        return *balance == g.cents ? met(detail) : not_met(detail);
    }
    case Goal::Kind::Rejected: {
        for (const auto& a : sb.attempts())
            if (a.command == g.command && !a.accepted && a.error == ErrorCode::Rejected && a.head_after == a.head_before)
                return met("rejected, and the log did not move");
        return not_met("no " + g.command + " has been rejected by a business rule yet");
    }
    case Goal::Kind::ConflictResolved: {
        bool conflict = false;
        for (const auto& a : sb.attempts()) {
            if (a.account != g.account) continue;
            if (!a.accepted && a.error == ErrorCode::Conflict) conflict = true;
            else if (conflict && a.accepted && a.had_expected_version)
                return met("a conflict on " + g.account + ", then a retry with the current version went through");
        }
        return not_met(conflict ? "a conflict happened; now retry with the current expected version"
                                : "no command on " + g.account + " has hit a concurrency conflict yet");
    }
    case Goal::Kind::TimeTravel: {
        if (facts_.at_now) return not_met("the views show now; travel back in time");
        auto rows = bank::accounts_at(store, facts_.position);
        if (!rows.ok()) return not_met(rows.error().message);
        for (const auto& row : *rows) {
            if (row.account_id != g.account) continue;
            const int64_t b = row.state.exists ? row.state.balance_cents : 0;
            const std::string detail = "as of position " + std::to_string(facts_.position) + ", " + g.account + " had " +
                                       bank::format_amount(b) + " (the goal: " + bank::format_amount(g.cents) + ")";
            return row.state.exists && b == g.cents ? met(detail) : not_met(detail);
        }
        return not_met("as of position " + std::to_string(facts_.position) + ", " + g.account + " did not exist");
    }
    case Goal::Kind::SteppedThrough:
    case Goal::Kind::ReplayStepped: {
        const std::string& name = g.stream.empty() ? g.account : g.stream;  // stepped_through may name a free-form stream
        const auto& positions = store.stream_positions(g.stream.empty() ? bank::account_stream_id(g.account) : g.stream);
        if (positions.empty()) return not_met(name + " has no events");
        const bool stepper = g.kind == Goal::Kind::ReplayStepped;
        const std::set<uint64_t>& seen_at = stepper ? facts_.replay_seen : facts_.visited;
        size_t seen = 0;
        // A free-form stream's events were each the head, "now", as they were recorded: for it, only
        // a real trip into the past counts (the head itself cannot be in the past).
        for (uint64_t p : positions)
            seen += g.stream.empty() ? seen_at.count(p) : (p == store.head_position() || facts_.travelled.count(p)) ? 1 : 0;
        const std::string detail = std::to_string(seen) + " of " + std::to_string(positions.size()) + " of " + name +
                                   (stepper ? "'s events folded in the Replay stepper" : "'s events viewed");
        return seen == positions.size() ? met(detail) : not_met(detail);
    }
    case Goal::Kind::Projection: {
        for (const auto& info : sb.projections()) {
            if (info.name != g.name) continue;
            if (info.lag > 0) return not_met(g.name + " is " + std::to_string(info.lag) + " events behind");
            if (g.version && info.version != *g.version)
                return not_met(g.name + " runs v" + std::to_string(info.version) + "; switch it to v" + std::to_string(*g.version));
            if (g.version && info.folded_version != *g.version)
                return not_met(g.name + " still holds what v" + std::to_string(info.folded_version) + " folded: rebuild it");
            if (g.rebuilt && info.last_rebuild_ms < 0) return not_met(g.name + " has not been rebuilt yet");
            if (g.matches_replay) {
                const auto truth = replayed_balances(store);
                size_t wrong = 0;
                for (const auto& [id, cents] : truth) {
                    auto b = sb.balances().balance_of(id);
                    if (!b || *b != cents) ++wrong;
                }
                const std::string detail = wrong == 0 ? "every balance equals the replayed account"
                                                      : std::to_string(wrong) + " balance(s) differ from replaying the events";
                if ((wrong == 0) != *g.matches_replay) return not_met(detail);
                return met(detail);
            }
            return met(g.name + " is caught up at position " + std::to_string(info.checkpoint));
        }
        return not_met("there is no " + g.name + " read model yet");
    }
    case Goal::Kind::Snapshot: {
        auto cost = bank::replay_cost(store, sb.storage(), g.account);
        if (!cost.ok()) return not_met(cost.error().message);
        if (!cost->used_snapshot) return not_met(g.account + " has no snapshot yet: every load folds all " +
                                                 std::to_string(cost->events_without) + " events");
        const std::string detail = "loading " + g.account + " folds " + std::to_string(cost->events_with) +
                                   " events after the snapshot at stream version " + std::to_string(cost->snapshot_version) +
                                   " instead of " + std::to_string(cost->events_without);
        return cost->events_with <= g.max_replayed ? met(detail) : not_met(detail);
    }
    case Goal::Kind::Upcast: {
        const std::string stream = bank::account_stream_id(g.account);
        for (uint64_t p : store.stream_positions(stream)) {
            const RecordedEvent& raw = store.recorded_log()[p - 1];
            if (raw.type != bank::MoneyDeposited::kType || raw.schema_version != 1) continue;
            auto read = store.upcast(raw);
            if (!read.ok()) return not_met(read.error().message);
            if (read->schema_version == bank::MoneyDeposited::kSchemaVersion)
                return met("position " + std::to_string(p) + " is stored as v1 and read as v" +
                           std::to_string(read->schema_version));
        }
        return not_met(g.account + " has no stored v1 MoneyDeposited yet");
    }
    case Goal::Kind::TamperDetected: {
        if (tamper_.position == 0) return not_met("no stored event has been changed yet");
        if (!tamper_.verified) return not_met("event " + std::to_string(tamper_.position) + " was changed; run the integrity check");
        if (tamper_.report.ok) return not_met("the last check found nothing wrong");
        const std::string detail = "the check stopped at position " + std::to_string(tamper_.report.first_bad_position) + ": " +
                                   tamper_.report.problem;
        return tamper_.report.first_bad_position == tamper_.position ? met(detail) : not_met(detail);
    }
    case Goal::Kind::DigestDetected: {
        // The whole story: a digest kept, a rewrite rehashed so the chain check passes, and the
        // digest catching it.
        if (!digest_.saved) return not_met("no digest is saved yet");
        if (tamper_.position == 0 || !tamper_.rehashed) return not_met("no stored event was changed with the whole chain rehashed yet");
        if (!tamper_.verified) return not_met("the chain was rehashed; run the integrity check");
        if (!tamper_.report.ok) return not_met("the integrity check failed at position " + std::to_string(tamper_.report.first_bad_position) +
                                               ": rehash the whole chain so that it passes");
        if (!digest_.checked) return not_met("the integrity check passed; now check the saved digest");
        if (digest_.check.ok) return not_met("the digest check found the history intact");
        return met("the chain check passed, but the digest check did not: " + digest_.check.problem);
    }
    case Goal::Kind::Answered: {
        const Question* q = lesson_->find_question(g.question);
        auto a = answer_of(g.question);
        if (!q || !a) return not_met("not answered yet");
        return *a == q->correct_choice() ? met("answered correctly") : not_met("that answer is not the right one yet");
    }
    case Goal::Kind::Window:
        return facts_.open_windows.count(g.window) ? met("open") : not_met("the window is closed");
    case Goal::Kind::Sequence: {
        const Trace& t = sb.last_trace();
        const bool is_replay = t.kind() == Trace::Kind::Replay;
        if (t.empty()) return not_met("the diagram has nothing to show yet");
        if ((g.trace == "replay") != is_replay) return not_met("the diagram shows \"" + t.title() + "\"");
        if (!g.command.empty() && t.title() != g.command) return not_met("the diagram shows \"" + t.title() + "\"");
        if (!t.accepted())
            return not_met("the diagram shows a refused " + t.title() + ": nothing reached the event store; send one that is accepted");
        if (!facts_.open_windows.count("sequence")) return not_met("open the Sequence diagram window");
        if (!facts_.sequence_played_to_end)
            return not_met("step (\"Next >\") or play the diagram through to its last message");
        return met("\"" + t.title() + "\": every message shown");
    }
    case Goal::Kind::DiagramDrawn: {
        const auto& c = facts_.diagram_checked;
        const bool replay = g.trace == "replay";
        if (!c || c->step != current_)
            return not_met(std::string("open Draw it (View menu), choose ") + (replay ? "\"A replay of ...\"" : "\"My last command\"") +
                           ", put the cards in order and press Check");
        if (c->trace != g.trace)
            return not_met(std::string("the last Check was of ") + (c->trace == "replay" ? "a replay" : "your last command") +
                           "; choose " + (replay ? "\"A replay of ...\"" : "\"My last command\"") + " and check those cards");
        if (!c->all_in_place) return not_met(c->title + ", Check: " + c->summary);
        if (!replay && c->command_serial != sb.last_accepted_trace().serial())
            return not_met("a command was accepted after that Check: Draw it deals its cards now; put them in order and press Check");
        return met(c->title + ", Check: " + c->summary);
    }
    case Goal::Kind::CaughtUp: {
        // From what the lag really did since the mode was turned on (sandbox/eventual.h).
        const sandbox::EventualFeed& feed = sb.eventual();
        const auto& h = feed.history();
        if (!feed.on() && h.peak == 0)
            return not_met("eventual consistency is off: every read model is up to date the moment an event is stored");
        if (h.peak == 0) return not_met("no read model has fallen behind yet: send a command");
        if (!h.caught_up_after_lag)
            return not_met("the read models are " + std::to_string(feed.lag()) + " event(s) behind the log; catch them up");
        return met("the read models fell " + std::to_string(h.peak) + " event(s) behind the log, then caught up (lag 0)");
    }
    case Goal::Kind::Code:
    case Goal::Kind::CodeRun:
        return check_code(g);
    case Goal::Kind::All: {
        // Every part, each marked, so a near miss says which part is still missing.
        bool all = true;
        std::vector<GoalCheck> parts;
        for (const Goal& sub : g.goals) {
            parts.push_back(check(sub));
            all = all && parts.back().met;
        }
        std::string detail;
        for (const GoalCheck& c : parts)
            detail += (detail.empty() ? "" : "; ") + std::string(all ? "" : c.met ? "[done] " : "[to do] ") + c.detail;
        return all ? met(detail) : not_met(detail);
    }
    }
    return not_met("unknown goal");
}

}  // namespace es::lessons
