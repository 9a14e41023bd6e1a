// The account fold: initial_state(), evolve() and the state's JSON form. The deciders are in
// account_decide.cpp.
#include "bank/account.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <string_view>

#include "bank/event_view.h"
#include "bank/events.h"
#include "bank/fold_code.h"
#include "bank/json_fields.h"
#include "bank/money.h"
#include "bank/typed_events.h"

namespace es::bank {

bool AccountState::operator==(const AccountState& o) const { return changed_fields(*this, o) == 0; }

AccountState initial_state() { return AccountState{}; }

namespace {

Error corrupt(const RecordedEvent& e, const std::string& problem) {
    return make_error(ErrorCode::Corrupt,
                      "event " + e.type + " at " + e.stream_id + " version " +
                          std::to_string(e.stream_version) + " " + problem +
                          "; the stream cannot be folded: inspect it with the integrity check");
}

// Business time when given, otherwise the time the store recorded the event.
int64_t event_time(const RecordedEvent& e) {
    return e.occurred_at_ms != 0 ? e.occurred_at_ms : e.recorded_at_ms;
}

// What a fold reads of an event besides its payload: its stream version and time. The event
// itself is read only where a rule needs more of it or an error names it, so a run that holds
// only a released event's stamp (core/event_run.h) decodes it then, not before.
struct EventRef {
    uint64_t stream_version = 0;
    int64_t time_ms = 0;                     // event_time()
    const RecordedEvent* decoded = nullptr;  // the event, or nullptr with:
    const EventRun* run = nullptr;           // the run that holds it at `index`
    size_t index = 0;
    const RecordedEvent& event() const { return decoded != nullptr ? *decoded : run->event(index); }
};

EventRef ref_of(const RecordedEvent& e) { return EventRef{e.stream_version, event_time(e), &e}; }

Result<int64_t> add_balance(const EventRef& e, int64_t balance, int64_t delta) {
    auto r = checked_add(balance, delta);
    if (!r.ok()) return corrupt(e.event(), "overflows the balance (" + r.error().message + ")");
    return r;
}

// True when `stream_id` is account_stream_id(account_id), without building that string.
bool is_stream_of(const std::string& stream_id, std::string_view account_id) {
    return account_of_stream(stream_id) == account_id;
}

}  // namespace

const char* rule_name(HistoryRule rule) {
    switch (rule) {
        case HistoryRule::BankEvent: return "bank-event";
        case HistoryRule::OwnStream: return "own-stream";
        case HistoryRule::OpenedOnce: return "opened-once";
        case HistoryRule::NothingAfterClose: return "nothing-after-close";
        case HistoryRule::ClosedAtZero: return "closed-at-zero";
        case HistoryRule::WithinOverdraft: return "within-overdraft";
        case HistoryRule::TransferPaired: return "transfer-paired";
        case HistoryRule::SameCurrency: return "same-currency";
        case HistoryRule::NoOverflow: return "no-overflow";
        case HistoryRule::ReversalNamesDeposit: return "reversal-names-deposit";
        case HistoryRule::TimeMovesForward: return "time-moves-forward";
        case HistoryRule::TimeInRange: return "time-in-range";
        case HistoryRule::TextIsText: return "text-is-text";
    }
    return "unknown-rule";
}

bool within_overdraft(const AccountState& state, int64_t balance) { return balance >= -state.overdraft_limit_cents; }

// Reads the event through the copy-free view_event (the strict decoder's rules without its
// copies); only when that declines does decode_event run, to explain the problem or decode.
Result<AccountState> evolve(AccountState state, const RecordedEvent& event) {
    EventView v;
    std::optional<BankEvent> slow;  // owns what `v` views when the fast path declined
    if (event.stream_version == state.version + 1 && !view_event(event, v)) {
        auto decoded = decode_event(event);
        if (!decoded.ok()) {
            Error err = decoded.error();
            err.message = "cannot fold " + event.stream_id + " version " +
                          std::to_string(event.stream_version) + ": " + err.message;
            return err;
        }
        slow = std::move(*decoded);
        v = view_of(*slow);
    }
    return evolve_viewed(std::move(state), event, v, nullptr);
}

namespace {

// evolve_viewed's rules and changes, in place: every refusal comes before any change, so `state`
// is unchanged on error.
// `own_stream`: the caller knows v.account_id is the account of the event's stream.
Status evolve_in_place(AccountState& state, const EventRef& event, const EventView& v, HistoryRule* broken,
                       bool own_stream = false);

// evolve_typed in place, for a run (no move of the state per event); `state` unchanged on error.
// `account`: account_of_stream(event.stream_id), which a run works out once per stream.
Status evolve_typed_in_place(AccountState& state, const EventRef& event, const TypedPayload* typed,
                             std::optional<std::string_view> account) {
    auto slow = [&]() -> Status {
        auto next = evolve(state, event.event());
        if (!next.ok()) return next.error();
        state = std::move(*next);
        return ok_status();
    };
    if (typed == nullptr || event.stream_version != state.version + 1) return slow();
    EventView v;
    v.kind = typed_kind(*typed);
    char currency[3];
    switch (v.kind) {
        case EventKind::MoneyDeposited:
            v.currency = typed_currency(*typed, currency);
            [[fallthrough]];
        case EventKind::MoneyWithdrawn:
        case EventKind::TransferSent:
        case EventKind::TransferReceived:
            v.amount_cents = typed->value;
            break;
        case EventKind::AccountClosed:
            break;
        default:  // an opening's owner and a reversal's deposit are not in the 16 bytes
            return slow();
    }
    // The codec types an event only when its payload names its own stream's account.
    if (!account) return slow();
    v.account_id = *account;
    return evolve_in_place(state, event, v, nullptr, /*own_stream=*/true);
}

}  // namespace

Result<AccountState> evolve_typed(AccountState state, const RecordedEvent& event, const TypedPayload* typed) {
    Status s = evolve_typed_in_place(state, ref_of(event), typed, account_of_stream(event.stream_id));
    if (!s.ok()) return s.error();
    return state;
}

Result<AccountState> evolve_viewed(AccountState state, const RecordedEvent& event, const EventView& v,
                                   HistoryRule* broken) {
    Status s = evolve_in_place(state, ref_of(event), v, broken);
    if (!s.ok()) return s.error();
    return state;
}

namespace {

Status evolve_in_place(AccountState& state, const EventRef& event, const EventView& v, HistoryRule* broken,
                       bool own_stream) {
    auto refuse = [&](HistoryRule rule, Error error) -> Error {
        if (broken != nullptr) *broken = rule;
        return error;
    };
    if (event.stream_version != state.version + 1) {
        return refuse(HistoryRule::OwnStream,
                      corrupt(event.event(), "does not follow version " + std::to_string(state.version)));
    }
    const bool is_create = v.kind == EventKind::AccountCreated;
    if (!is_create && !state.exists)
        return refuse(HistoryRule::OpenedOnce, corrupt(event.event(), "comes before AccountCreated"));
    if (is_create && state.exists)
        return refuse(HistoryRule::OpenedOnce, corrupt(event.event(), "creates an account that already exists"));
    if (state.closed)
        return refuse(HistoryRule::NothingAfterClose, corrupt(event.event(), "comes after AccountClosed"));
    if (!own_stream && !is_stream_of(event.event().stream_id, v.account_id)) {
        return refuse(HistoryRule::OwnStream, corrupt(event.event(), "names account \"" + std::string(v.account_id) +
                                                                 "\" but sits in another account's stream"));
    }

    int64_t delta = v.amount_cents;
    switch (v.kind) {
        case EventKind::AccountCreated:
            state.exists = true;
            state.account_id.assign(v.account_id);
            state.owner.assign(v.text);
            state.currency.assign(v.currency);
            state.overdraft_limit_cents = v.overdraft_limit_cents;
            state.balance_cents = 0;
            state.opened_at_ms = event.time_ms;
            break;
        case EventKind::AccountClosed:
            state.closed = true;
            state.closed_at_ms = event.time_ms;
            break;
        case EventKind::DepositReversed: {
            const auto& r = state.reversed_positions;
            if (std::find(r.begin(), r.end(), v.reversed_position) != r.end())
                return refuse(HistoryRule::ReversalNamesDeposit,
                              corrupt(event.event(), "reverses the deposit at position " +
                                                         std::to_string(v.reversed_position) + " a second time"));
            auto balance = add_balance(event, state.balance_cents, -v.amount_cents);
            if (!balance.ok()) return refuse(HistoryRule::NoOverflow, balance.error());
            state.balance_cents = *balance;
            ++state.transaction_count;
            state.reversed_positions.insert(std::upper_bound(r.begin(), r.end(), v.reversed_position), v.reversed_position);
            break;
        }
        case EventKind::MoneyDeposited:
            if (v.currency != state.currency) {
                return refuse(HistoryRule::SameCurrency, corrupt(event.event(), "deposits " + std::string(v.currency) +
                                                                            " into a " + state.currency + " account"));
            }
            [[fallthrough]];
        case EventKind::MoneyWithdrawn:
        case EventKind::TransferSent:
        case EventKind::TransferReceived: {
            if (v.kind == EventKind::MoneyWithdrawn || v.kind == EventKind::TransferSent) {
                delta = -delta;
            }
            auto balance = add_balance(event, state.balance_cents, delta);
            if (!balance.ok()) return refuse(HistoryRule::NoOverflow, balance.error());
            state.balance_cents = *balance;
            ++state.transaction_count;
            break;
        }
    }
    state.version = event.stream_version;
    state.last_activity_ms = event.time_ms;
    return ok_status();
}

}  // namespace

// ---- JSON --------------------------------------------------------------------------------------

Json state_to_json(const AccountState& s) {
    return Json{{"exists", s.exists},
                {"closed", s.closed},
                {"accountId", s.account_id},
                {"owner", s.owner},
                {"currency", s.currency},
                {"balanceCents", s.balance_cents},
                {"overdraftLimitCents", s.overdraft_limit_cents},
                {"version", s.version},
                {"openedAtMs", s.opened_at_ms},
                {"closedAtMs", s.closed_at_ms},
                {"lastActivityMs", s.last_activity_ms},
                {"transactionCount", s.transaction_count},
                {"reversedPositions", s.reversed_positions}};
}

Result<AccountState> state_from_json(const Json& j) {
    std::optional<Error> error;
    JsonObjectReader r(j, "AccountState", ErrorCode::InvalidArgument, error);
    constexpr JsonObjectReader::Text kAnyText{4096, true};
    constexpr int64_t kAny = std::numeric_limits<int64_t>::min();
    AccountState s;
    s.exists = r.boolean("exists");
    s.closed = r.boolean("closed");
    s.account_id = r.string("accountId", kAnyText);
    s.owner = r.string("owner", kAnyText);
    s.currency = r.string("currency", kAnyText);
    s.balance_cents = r.integer("balanceCents", kAny);
    s.overdraft_limit_cents = r.integer("overdraftLimitCents", 0);
    s.version = static_cast<uint64_t>(r.integer("version", 0));
    s.opened_at_ms = r.integer("openedAtMs", kAny);
    s.closed_at_ms = r.integer("closedAtMs", kAny);
    s.last_activity_ms = r.integer("lastActivityMs", kAny);
    s.transaction_count = static_cast<uint64_t>(r.integer("transactionCount", 0));
    if (const Json* reversed = r.array("reversedPositions")) {
        for (const Json& p : *reversed) {
            if (!p.is_number_unsigned() || p.get<uint64_t>() == 0 ||
                (!s.reversed_positions.empty() && p.get<uint64_t>() <= s.reversed_positions.back())) {
                r.fail("reversedPositions", "expected ascending positive positions, got " + preview_json(p));
                break;
            }
            s.reversed_positions.push_back(p.get<uint64_t>());
        }
    }
    r.no_other_fields();
    if (!error && s.exists && !is_valid_account_id(s.account_id))
        r.fail("accountId", "\"" + s.account_id + "\" is not a valid account id");
    if (error) return *error;
    return s;
}

namespace {

// An error of a run, naming the event it stopped at.
Error at_event(Error err, uint64_t position, const RecordedEvent& event) {
    err.message = "at position " + std::to_string(position) + " (type '" + event.type + "'): " + err.message;
    return err;
}

}  // namespace

Status evolve_run(AccountState& current, const std::vector<const RecordedEvent*>& events) {
    for (const RecordedEvent* event : events) {
        auto next = evolve(std::move(current), *event);
        if (!next.ok()) return at_event(next.error(), event->global_position, *event);
        current = std::move(*next);
    }
    return ok_status();
}

Status evolve_run(AccountState& current, const EventRun& run) {
    if (!run.has_typed()) return evolve_run(current, run.all_events());
    // The account of the run's stream, worked out again only when a payload names another stream
    // (a run is one stream's events): by the store's name for the payload's stream number, so
    // not even the first event need be decoded.
    uint32_t account_stream = std::numeric_limits<uint32_t>::max();
    std::optional<std::string_view> account;
    for (size_t i = 0; i < run.size(); ++i) {
        const TypedPayload* payload = run.typed[i];
        const EventStamp* stamp = run.stamps[i];
        // With a payload, the stamp says all that a typed fold reads of the event.
        const EventRef event =
            payload != nullptr && stamp != nullptr
                ? EventRef{stamp->stream_version,
                           stamp->occurred_at_ms != 0 ? stamp->occurred_at_ms : stamp->recorded_at_ms,
                           run.decoded[i], &run, i}
                : ref_of(run.event(i));
        if (payload != nullptr && payload->stream != account_stream) {
            account_stream = payload->stream;
            account = account_of_stream(run.streams != nullptr ? run.streams->name(payload->stream)
                                                                : event.event().stream_id);
        }
        Status folded = evolve_typed_in_place(current, event, payload, account);
        if (!folded.ok()) return at_event(folded.error(), run.positions[i], event.event());
    }
    return ok_status();
}

namespace {

// The account fold's runs: the JSON state converted once each way. Either `events` or `run`.
Status evolve_json_run(Json& state, const std::vector<const RecordedEvent*>* events, const EventRun* run) {
    auto s = state_from_json(state);
    if (!s.ok()) return s.error();
    AccountState current = std::move(*s);
    if (Status folded = run != nullptr ? evolve_run(current, *run) : evolve_run(current, *events); !folded.ok())
        return folded;
    state = state_to_json(current);
    return ok_status();
}

}  // namespace

Fold account_fold() {
    Fold f;
    f.state_type = "bank.account";
    f.state_schema_version = 2;  // 2: reversedPositions
    f.initial = [] { return state_to_json(initial_state()); };
    f.check_state = [](const Json& state) -> Status {
        auto s = state_from_json(state);
        if (!s.ok()) return s.error();
        return ok_status();
    };
    f.evolve = [](const Json& state, const RecordedEvent& event) -> Result<Json> {
        auto s = state_from_json(state);
        if (!s.ok()) return s.error();
        auto next = evolve(std::move(*s), event);
        if (!next.ok()) return next.error();
        return state_to_json(*next);
    };
    // Converting the state between JSON and the struct costs far more than evolving it, so a
    // run of events converts once on the way in and once on the way out.
    f.evolve_run = [](Json& state, const std::vector<const RecordedEvent*>& events) -> Status {
        return evolve_json_run(state, &events, nullptr);
    };
    // With the payloads the store decoded once, most events are folded without reading their JSON,
    // and those the store released from memory without decoding them again.
    f.typed_codec = &bank_payload_codec();
    f.evolve_typed_run = [](Json& state, const EventRun& run) -> Status { return evolve_json_run(state, nullptr, &run); };
    return f;
}

}  // namespace es::bank
