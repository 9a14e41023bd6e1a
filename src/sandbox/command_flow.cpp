// One command's real path, recorded around Sandbox::execute (see command_flow.h).
#include "sandbox/command_flow.h"

#include <map>
#include <variant>

#include "bank/account.h"
#include "bank/money.h"
#include "bank/projections.h"
#include "sandbox/sandbox.h"

namespace es::sandbox {

namespace {

std::string count_of(uint64_t n, const char* one) { return std::to_string(n) + " " + one + (n == 1 ? "" : "s"); }

// "read 3 events: v3, $50.00": what the aggregate was folded from, and what it came to.
std::string read_line(const bank::Bank::Loaded& l) {
    const bank::AccountState& s = l.state;
    std::string line = "read ";
    if (l.used_snapshot) line += "snapshot v" + std::to_string(l.snapshot_version) + " + ";
    line += count_of(l.events_applied, "event");
    if (!s.exists) return line + ": no account yet";
    line += ": v" + std::to_string(s.version) + ", " + bank::format_money(s.balance_cents, s.currency);
    return s.closed ? line + ", closed" : line;
}

// What one appended event did to its account, folded by the same evolve() the Bank uses.
std::string event_summary(const bank::AccountState& before, const bank::AccountState& after) {
    if (!before.exists && after.exists) return "account " + after.account_id + " opened for " + after.owner + " (" + after.currency + ")";
    if (after.closed && !before.closed) return "account " + after.account_id + " closed";
    const int64_t delta = after.balance_cents - before.balance_cents;
    if (delta == 0) return "balance " + bank::format_money(after.balance_cents, after.currency);
    return std::string(delta > 0 ? "+" : "") + bank::format_money(delta, after.currency) + ": balance " +
           bank::format_money(before.balance_cents, before.currency) + " -> " +
           bank::format_money(after.balance_cents, after.currency);
}

std::string cell_line(const FlowCell& c) {
    if (c.before.empty()) return c.row + " " + c.column + ": " + c.after + " (new)";
    return c.row + " " + c.column + ": " + c.before + " -> " + c.after;
}

// The stations of the picture and their sentences, from the recorded facts.
void add_stations(CommandFlow& f) {
    // The whole command heads the window; its station names the kind, to keep the picture small.
    FlowStation command{"Command", {f.command}, "Command: " + f.description + ", sent to the command handler", false};
    FlowStation decide{"Decide", {}, "", false};
    std::string states;
    for (const bank::Bank::Loaded& l : f.read) {
        decide.lines.push_back(l.account_id + ": " + read_line(l));
        states += (states.empty() ? "" : "; ") + l.account_id + ": " + read_line(l);
    }
    if (f.read.empty()) states = "no state read";
    FlowStation store{"Event store", {}, "", false};
    if (f.outcome == CommandFlow::Outcome::Rejected) {
        decide.lines.push_back("refused: " + f.reason);
        decide.narration = "Decide (" + states + "): refused, " + f.reason + ". Nothing reaches the store.";
        decide.error = true;
    } else if (f.accepted()) {
        std::string types;
        for (const FlowEvent& e : f.events) types += (types.empty() ? "" : ", ") + e.type;
        decide.lines.push_back("decided: " + types);
        decide.narration = "Decide (" + states + "): new event(s) " + types;
    } else {  // a conflict: the append was to expect the version the command names (or the one read)
        const std::string expects = f.expected_version ? "version " + std::to_string(*f.expected_version) : "the version it read";
        decide.lines.push_back("append expecting " + expects);
        decide.narration = "Decide (" + states + "): the append must find the stream at " + expects;
    }
    if (f.outcome == CommandFlow::Outcome::Conflict) {
        store.lines.push_back("conflict: " + f.reason);
        store.narration = "Event store: conflict, " + f.reason + ". Nothing written.";
        store.error = true;
    } else {
        for (const FlowEvent& e : f.events) {
            store.lines.push_back("#" + std::to_string(e.position) + " " + e.type + " (" + e.stream + " v" + std::to_string(e.version) + ")");
            store.narration += (store.narration.empty() ? "" : "; ") + e.type + " " + e.summary;
        }
        if (f.accepted()) store.narration = "Event store: " + store.narration;
    }
    f.stations = {command, decide, store};
    for (const FlowProjection& p : f.projections) {
        FlowStation s{p.name, {}, "", false};
        for (const FlowCell& c : p.changed) {
            s.lines.push_back(cell_line(c));
            s.narration += (s.narration.empty() ? "" : "; ") + cell_line(c);
        }
        if (p.changed.empty()) {
            s.lines.push_back(p.lag > 0 ? "not applied yet (lag " + std::to_string(p.lag) + ")" : "nothing changed");
            s.narration = s.lines.back();
        }
        s.narration = p.name + ": " + s.narration;
        f.stations.push_back(std::move(s));
    }
    switch (f.outcome) {
        case CommandFlow::Outcome::Accepted: f.reached = f.stations.size(); break;
        case CommandFlow::Outcome::Rejected: f.reached = 2; break;
        case CommandFlow::Outcome::Conflict: f.reached = 3; break;
    }
}

}  // namespace

std::string CommandFlow::stopped_at() const {
    switch (outcome) {
        case Outcome::Accepted: return "";
        case Outcome::Rejected: return "Decide";
        case Outcome::Conflict: return "Event store";
    }
    return "";
}

FlowRecorder::FlowRecorder(const Sandbox& sandbox, const bank::Command& command) : sandbox_(sandbox), command_(command) {
    accounts_.push_back(bank::command_account_id(command));
    if (const auto* t = std::get_if<bank::Transfer>(&command)) accounts_.push_back(t->to_account_id);
    audit_rows_before_ = sandbox.audit().rows().size();
    head_before_ = sandbox.store().head_position();
    before_ = cells(audit_rows_before_);
}

std::vector<std::pair<std::string, std::vector<FlowRecorder::Cell>>> FlowRecorder::cells(size_t audit_from) const {
    const auto& list = sandbox_.accounts().rows();
    auto currency_of = [&](const std::string& id) {
        auto it = list.find(id);
        return it == list.end() ? std::string() : it->second.currency;
    };
    std::vector<std::pair<std::string, std::vector<Cell>>> out;
    std::vector<Cell> balances, accounts, audit, daily;
    for (const std::string& id : accounts_) {
        if (auto b = sandbox_.balances().balance_of(id)) balances.push_back({id, "balance", bank::format_money(*b, currency_of(id))});
        if (auto it = list.find(id); it != list.end()) {
            accounts.push_back({id, "owner", it->second.owner});
            accounts.push_back({id, "currency", it->second.currency});
            accounts.push_back({id, "status", it->second.closed ? "closed" : "open"});
        }
        if (const bank::DailyTotalsProjection* totals = sandbox_.daily_totals()) {
            const std::string currency = currency_of(id);
            for (const auto& [day, t] : totals->days_of(id)) {
                const std::string row = id + " " + day;
                auto count = [&](const char* column, uint64_t n) { daily.push_back({row, column, std::to_string(n), "0"}); };
                auto money = [&](const char* column, int64_t cents) {
                    daily.push_back({row, column, bank::format_money(cents, currency), bank::format_money(0, currency)});
                };
                count("deposits", t.deposits);
                count("withdrawals", t.withdrawals);
                money("deposited", t.deposited_cents);
                money("withdrawn", t.withdrawn_cents);
                money("transferred in", t.transferred_in_cents);
                money("transferred out", t.transferred_out_cents);
                money("reversed", t.reversed_cents);
                money("net", t.net_cents);
            }
        }
    }
    const auto& rows = sandbox_.audit().rows();
    for (size_t i = audit_from; i < rows.size(); ++i) {
        const auto& r = rows[i];
        std::string entry = r.type() + " on " + r.stream_id();
        if (r.amount_cents) entry += ", " + bank::format_amount(*r.amount_cents);
        if (!r.actor().empty()) entry += ", by " + r.actor();
        audit.push_back({"#" + std::to_string(r.position), "entry", entry});
    }
    out.emplace_back("balances", std::move(balances));
    out.emplace_back("account-list", std::move(accounts));
    out.emplace_back("audit-trail", std::move(audit));
    if (sandbox_.daily_totals()) out.emplace_back("daily-totals", std::move(daily));
    return out;
}

CommandFlow FlowRecorder::finish(const Result<bank::CommandOutcome>& outcome, const std::vector<bank::Bank::Loaded>& loaded,
                                 std::string description, uint64_t serial) const {
    CommandFlow f;
    f.serial = serial;
    f.command = bank::command_type_name(command_);
    f.description = std::move(description);
    f.read = loaded;
    f.head_before = head_before_;
    f.head_after = sandbox_.store().head_position();
    if (outcome.ok()) {
        f.outcome = CommandFlow::Outcome::Accepted;
        std::map<std::string, bank::AccountState> state;  // by stream, as read, then as each event lands
        for (const bank::Bank::Loaded& l : loaded) state[bank::account_stream_id(l.account_id)] = l.state;
        for (const RecordedEvent& e : outcome->events) {
            FlowEvent fe{e.global_position, e.stream_id, e.stream_version, e.type, ""};
            bank::AccountState& s = state[e.stream_id];
            auto next = bank::evolve(s, e);
            if (next.ok()) {
                fe.summary = event_summary(s, *next);
                s = std::move(*next);
            }
            f.events.push_back(std::move(fe));
        }
    } else if (outcome.error().code == ErrorCode::Conflict) {
        f.outcome = CommandFlow::Outcome::Conflict;
        const auto expected = bank::command_meta(command_).expected_version;
        f.expected_version = expected;
        if (expected && !loaded.empty())
            f.reason = "expected version " + std::to_string(*expected) + ", stream is at " + std::to_string(loaded.front().state.version);
        else
            f.reason = outcome.error().message;
    } else {
        f.outcome = CommandFlow::Outcome::Rejected;
        f.reason = outcome.error().message;
    }
    const auto after = cells(audit_rows_before_);
    std::map<std::string, uint64_t> lag;
    for (const Sandbox::ProjectionInfo& p : sandbox_.projections()) lag[p.name] = p.lag;
    for (const auto& [name, now] : after) {
        FlowProjection p{name, {}, lag[name]};
        std::map<std::pair<std::string, std::string>, std::string> was;
        for (const auto& [n, list] : before_)
            if (n == name)
                for (const Cell& c : list) was[{c.row, c.column}] = c.value;
        for (const Cell& c : now) {
            auto it = was.find({c.row, c.column});
            const std::string old = it == was.end() ? c.zero : it->second;
            if (old != c.value) p.changed.push_back({c.row, c.column, old, c.value});
        }
        f.projections.push_back(std::move(p));
    }
    add_stations(f);
    return f;
}

}  // namespace es::sandbox
