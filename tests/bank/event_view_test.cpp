// The copy-free fast path (view_event) must agree with the strict decoder (decode_event) on
// every event: accept exactly what it accepts, read the same values, and leave every malformed
// event to the strict path so it is skipped and reported the same way. Randomized over a log of
// valid events with malformed ones injected (seed printed on failure).
#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "bank/event_view.h"
#include "bank/events.h"
#include "bank/money.h"
#include "bank/projections.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;

namespace {

const std::vector<std::string> kIds = {"alice", "bob", "carol-1", "dave_2"};

RecordedEvent recorded(const NewEvent& e, uint64_t position) {
    RecordedEvent r;
    r.event_id = "evt-" + std::to_string(position);
    r.stream_id = "account-x";
    r.stream_version = position;
    r.global_position = position;
    r.type = e.type;
    r.schema_version = e.schema_version;
    r.data = e.data;
    r.metadata = e.metadata;
    return r;
}

NewEvent random_valid(std::mt19937_64& rng) {
    const std::string& a = kIds[rng() % kIds.size()];
    const std::string& b = kIds[rng() % kIds.size()];
    const int64_t amount = 1 + static_cast<int64_t>(rng() % 100000);
    switch (rng() % 7) {
        case 0: return make_event(AccountCreated{a, "Owner " + a, "USD", amount}, {});
        case 1:
        case 2: return make_event(MoneyDeposited{a, amount, "USD", "teller"}, {});
        case 3: return make_event(MoneyWithdrawn{a, amount}, {});
        case 4: return make_event(TransferSent{"t-" + std::to_string(rng() % 1000), a, b, amount}, {});
        case 5: return make_event(TransferReceived{"t-" + std::to_string(rng() % 1000), a, b, amount}, {});
        default: return make_event(AccountClosed{a}, {});
    }
}

// One random way to break an event; some of them (e.g. an unsigned amount) are still valid,
// which the agreement check must handle too.
void mutate(std::mt19937_64& rng, RecordedEvent& e) {
    std::vector<std::string> keys;
    for (auto it = e.data.begin(); it != e.data.end(); ++it) keys.push_back(it.key());
    const std::string& key = keys[rng() % keys.size()];
    switch (rng() % 16) {
        case 0: e.data.erase(key); break;
        case 1: e.data[key] = 12; break;
        case 2: e.data[key] = "12"; break;
        case 3: e.data[key] = 1.5; break;
        case 4: e.data[key] = nullptr; break;
        case 5: e.data[key] = Json::array(); break;
        case 6: e.data[key] = ""; break;
        case 7: e.data[key] = std::string(4097, 'x'); break;
        case 8: e.data[key] = "not valid!"; break;
        case 9: e.data[key] = -1; break;
        case 10: e.data[key] = 0; break;
        case 11: e.data[key] = std::numeric_limits<uint64_t>::max(); break;
        case 12: e.data[key] = static_cast<uint64_t>(7); break;  // unsigned but fine
        case 13: e.data["extraField"] = 1; break;
        case 14: e.schema_version += 1; break;
        default: e.data = Json::array({1, 2}); break;
    }
}

// The reference: balances folded through decode_event alone, as before the fast path.
struct StrictBalances {
    std::map<std::string, std::pair<std::string, int64_t>> rows;
    uint64_t skipped = 0;

    void apply(const RecordedEvent& e) {
        auto d = decode_event(e);
        if (!d.ok()) {
            ++skipped;
            return;
        }
        const EventView v = view_of(*d);
        if (v.kind == EventKind::AccountCreated) {
            rows[std::string(v.account_id)] = {std::string(v.currency), 0};
            return;
        }
        if (v.kind == EventKind::AccountClosed) return;
        int64_t delta = v.amount_cents;
        if (v.kind == EventKind::MoneyWithdrawn || v.kind == EventKind::TransferSent) delta = -delta;
        auto& row = rows[std::string(v.account_id)];
        auto sum = checked_add(row.second, delta);
        if (!sum.ok()) {
            ++skipped;
            return;
        }
        row.second = *sum;
    }
};

bool same_view(const EventView& a, const EventView& b) {
    return a.kind == b.kind && a.account_id == b.account_id &&
           a.other_account_id == b.other_account_id && a.transfer_id == b.transfer_id &&
           a.currency == b.currency && a.text == b.text && a.amount_cents == b.amount_cents &&
           a.overdraft_limit_cents == b.overdraft_limit_cents;
}

}  // namespace

TEST_CASE("view_event accepts exactly what decode_event accepts, with the same values") {
    const uint64_t seed = 20240611;
    INFO("seed = " << seed);
    std::mt19937_64 rng(seed);
    size_t accepted = 0, refused = 0;
    for (uint64_t i = 1; i <= 5000; ++i) {
        RecordedEvent e = recorded(random_valid(rng), i);
        if (rng() % 3 == 0) mutate(rng, e);
        if (rng() % 50 == 0) e.type = "MoneyTeleported";
        INFO("event " << i << ": " << e.type << " v" << e.schema_version << " " << e.data.dump());
        EventView fast;
        const bool viewed = view_event(e, fast);
        auto strict = decode_event(e);
        REQUIRE(viewed == strict.ok());
        if (viewed) {
            CHECK(same_view(fast, view_of(*strict)));
            ++accepted;
        } else {
            ++refused;
        }
    }
    CHECK(accepted > 1000);  // the log really exercised both outcomes
    CHECK(refused > 500);
}

TEST_CASE("BalancesProjection skips and reports malformed events exactly like the strict path") {
    const uint64_t seed = 77031;
    INFO("seed = " << seed);
    std::mt19937_64 rng(seed);
    std::vector<RecordedEvent> log;
    for (uint64_t i = 1; i <= 3000; ++i) {
        RecordedEvent e = recorded(random_valid(rng), i);
        if (rng() % 5 == 0) mutate(rng, e);
        if (rng() % 200 == 0) e.data["amountCents"] = std::numeric_limits<int64_t>::max();
        log.push_back(std::move(e));
    }
    BalancesProjection fast;
    StrictBalances strict;
    for (const RecordedEvent& e : log) {
        fast.apply(e);
        strict.apply(e);
    }
    Json expected_rows = Json::array();
    for (const auto& [id, row] : strict.rows) {
        expected_rows.push_back(Json{{"accountId", id},
                                     {"currency", row.first},
                                     {"balanceCents", row.second},
                                     {"balance", format_amount(row.second)}});
    }
    const Json got = fast.to_json();
    CHECK(strict.skipped > 100);
    CHECK(got["skippedEvents"] == strict.skipped);
    CHECK(got["accounts"] == expected_rows);
    for (const auto& [id, row] : strict.rows) CHECK(fast.balance_of(id) == row.second);

    // A copy keeps working on its own rows.
    REQUIRE(fast.balance_of("alice").has_value());
    BalancesProjection copy = fast;
    copy.apply(recorded(make_event(MoneyDeposited{"alice", 5, "USD", "t"}, {}), 9999));
    CHECK(copy.balance_of("alice") == *fast.balance_of("alice") + 5);
}

TEST_CASE("amount_of: the amount a bank event moves, old schemas upcast, nothing for other events") {
    auto recorded = [](NewEvent n) {
        RecordedEvent r;
        r.event_id = "ev";
        r.stream_id = "account-alice";
        r.stream_version = 1;
        r.global_position = 1;
        r.type = n.type;
        r.schema_version = n.schema_version;
        r.data = n.data;
        r.metadata = n.metadata;
        return r;
    };
    CHECK(amount_of(recorded(make_event(MoneyWithdrawn{"alice", 250}, {}))) == 250);
    CHECK(amount_of(recorded(make_legacy_deposit_v1("alice", 700, {}))) == 700);  // stored as v1
    CHECK_FALSE(amount_of(recorded(make_event(AccountCreated{"alice", "Alice", "USD", 0}, {}))));
    CHECK_FALSE(amount_of(recorded(NewEvent{"", "WokeUp", 1, 0, Json{{"amountCents", 5}}, {}})));
}

TEST_CASE("describe_events_after names each later event, its stream and its amount") {
    EventList log(3);
    log[0].type = "AccountCreated";
    log[0].stream_id = "account-alice";
    log[1] = log[0];
    log[1].type = MoneyDeposited::kType;
    log[1].schema_version = MoneyDeposited::kSchemaVersion;
    log[1].data = MoneyDeposited{"alice", 10000, "USD", "alice"}.to_json();
    log[2].type = "WokeUp";
    log[2].stream_id = "day-1";
    CHECK(describe_events_after(log, 1) == "MoneyDeposited on account-alice (100.00), WokeUp on day-1");
    CHECK(describe_events_after(log, 3).empty());
}

}  // namespace ES_TEST_FILE_ID
