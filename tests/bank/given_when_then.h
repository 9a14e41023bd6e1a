// Given/When/Then for the account decider, in Emmett's style: given these events (already
// happened), when this command, then these events (or this error). The helpers record the given
// events as a store would (stream ids, versions, times), fold them with evolve(), run the
// decider and compare decoded payloads, so a test reads like the rule it checks. For a recorded
// history as a whole: given these events, then it keeps every history rule, or breaks this one.
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bank/account.h"
#include "bank/history_rules.h"
#include "bank/events.h"

namespace es::bank::testing {

inline std::string account_of(const BankEvent& e) {
    return std::visit([](const auto& p) { return p.account_id; }, e);
}

// Records events as the store would: per-stream versions, global positions, a clock that ticks.
class History {
public:
    explicit History(std::vector<BankEvent> events, EventMetadata meta = {"teller", "", "", ""}) {
        for (const BankEvent& e : events) add(to_new_event(e, meta));
    }

    void add(const NewEvent& e) {
        RecordedEvent r;
        auto decoded_account = e.data.value("accountId", std::string());
        r.event_id = "ev-" + std::to_string(log.size() + 1);
        r.stream_id = account_stream_id(decoded_account);
        r.stream_version = ++versions[r.stream_id];
        r.global_position = log.size() + 1;
        r.type = e.type;
        r.schema_version = e.schema_version;
        r.recorded_at_ms = 1700000000000 + static_cast<int64_t>(log.size()) * 1000;
        r.occurred_at_ms = e.occurred_at_ms != 0 ? e.occurred_at_ms : r.recorded_at_ms;
        r.data = e.data;
        r.metadata = e.metadata;
        log.push_back(r);
    }

    // Folds the stream of `account_id`; fails the test on a fold error.
    AccountState state_of(const std::string& account_id) const {
        AccountState s = initial_state();
        for (const RecordedEvent& r : log) {
            if (r.stream_id != account_stream_id(account_id)) continue;
            auto next = evolve(s, r);
            REQUIRE_MESSAGE(next.ok(), next.error().message);
            s = *next;
        }
        return s;
    }

    EventList log;
    std::map<std::string, uint64_t> versions;
};

inline std::vector<BankEvent> decode_all(const std::vector<NewEvent>& events) {
    std::vector<BankEvent> out;
    for (const NewEvent& e : events) {
        RecordedEvent r;
        r.type = e.type;
        r.schema_version = e.schema_version;
        r.data = e.data;
        auto d = decode_event(r);
        REQUIRE_MESSAGE(d.ok(), d.error().message);
        out.push_back(*d);
    }
    return out;
}

// The account the command is about (the source account for a Transfer).
inline std::string target_of(const Command& c) {
    return std::visit(
        [](const auto& x) {
            if constexpr (std::is_same_v<std::decay_t<decltype(x)>, Transfer>) {
                return x.from_account_id;
            } else {
                return x.account_id;
            }
        },
        c);
}

// Runs the right decider for `when` against the state folded from `given`. For a Transfer the
// result lists the source events, then the target events; a ReverseDeposit also gets the event
// at the position it names.
inline Result<std::vector<NewEvent>> when(const History& given, const Command& command) {
    if (const auto* t = std::get_if<Transfer>(&command)) {
        auto d = decide_transfer(*t, given.state_of(t->from_account_id),
                                 given.state_of(t->to_account_id));
        if (!d.ok()) return d.error();
        std::vector<NewEvent> all = d->from_events;
        all.insert(all.end(), d->to_events.begin(), d->to_events.end());
        return all;
    }
    if (const auto* r = std::get_if<ReverseDeposit>(&command)) {
        const RecordedEvent* deposit =
            r->deposit_position >= 1 && r->deposit_position <= given.log.size() ? &given.log[r->deposit_position - 1] : nullptr;
        return decide_reversal(*r, given.state_of(r->account_id), deposit);
    }
    return decide(command, given.state_of(target_of(command)));
}

inline void then_events(const std::vector<BankEvent>& given, const Command& command,
                        const std::vector<BankEvent>& expected) {
    auto got = when(History(given), command);
    REQUIRE_MESSAGE(got.ok(), got.error().message);
    CHECK(decode_all(*got) == expected);
}

// The command fails with `code` and a message containing every string in `says`.
inline void then_error(const std::vector<BankEvent>& given, const Command& command, ErrorCode code,
                       const std::vector<std::string>& says = {}) {
    auto got = when(History(given), command);
    REQUIRE_FALSE(got.ok());
    CHECK_MESSAGE(got.error().code == code, got.error().message);
    for (const std::string& s : says) {
        CHECK_MESSAGE(got.error().message.find(s) != std::string::npos,
                      "\"" << got.error().message << "\" should mention \"" << s << "\"");
    }
}

// "Now" for the history rules of a given History: its events are recorded from 1700000000000 on.
constexpr int64_t kHistoryNowMs = 1800000000000;

// Replays `given` through HistoryRules as one batch: the first rule it breaks, if any.
inline std::optional<HistoryRules::Broken> first_broken(const History& given, int64_t now_ms = kHistoryNowMs) {
    HistoryRules rules(now_ms);
    const Status kept = check_log(rules, given.log);
    CHECK(kept.ok() == !rules.broken().has_value());
    return rules.broken();
}

inline void then_keeps_every_rule(const History& given) {
    auto broken = first_broken(given);
    CHECK_MESSAGE(!broken, (broken ? broken->message : std::string()));
}

// The history breaks `rule` first, at `position`, with a message naming the rule and every `says`.
inline void then_breaks(const History& given, uint64_t position, HistoryRule rule, const std::vector<std::string>& says = {},
                        int64_t now_ms = kHistoryNowMs) {
    auto broken = first_broken(given, now_ms);
    REQUIRE_MESSAGE(broken, "the history should break " << rule_name(rule));
    CHECK_MESSAGE(broken->rule == rule, broken->message);
    CHECK(broken->position == position);
    CHECK(broken->message.rfind(std::string("breaks the rule \"") + rule_name(rule) + "\": ", 0) == 0);
    for (const std::string& s : says) {
        CHECK_MESSAGE(broken->message.find(s) != std::string::npos,
                      "\"" << broken->message << "\" should mention \"" << s << "\"");
    }
}

}  // namespace es::bank::testing
