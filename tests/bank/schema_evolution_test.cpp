// Schema evolution of MoneyDeposited through the registry: the upcaster chain v1 -> v2, and the
// property that folding upcast legacy events gives exactly the state that folding the same
// history written at the current schema gives (randomized, fixed seed printed on failure).
#include <doctest/doctest.h>

#include <random>

#include "bank/events.h"
#include "core/event_writer.h"
#include "core/sha256.h"
#include "core/store_fixture.h"
#include "core/upcast_reading.h"
#include "core/upcasting.h"
#include "given_when_then.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::bank;
using namespace es::bank::testing;

namespace {

UpcasterRegistry bank_registry() {
    UpcasterRegistry r;
    register_bank_event_types(r);
    return r;
}

}  // namespace

TEST_CASE("register_bank_event_types registers every type at its current version") {
    UpcasterRegistry r = bank_registry();
    CHECK(r.current_version("AccountCreated") == 1);
    CHECK(r.current_version("MoneyDeposited") == 2);
    CHECK(r.current_version("MoneyWithdrawn") == 1);
    CHECK(r.current_version("TransferSent") == 1);
    CHECK(r.current_version("TransferReceived") == 1);
    CHECK(r.current_version("AccountClosed") == 1);
    CHECK_FALSE(r.knows("AccountFrozen"));
}

TEST_CASE("the registry upcasts a legacy v1 deposit to v2") {
    UpcasterRegistry r = bank_registry();
    History h({AccountCreated{"alice", "Alice", "USD", 0}});
    h.add(make_legacy_deposit_v1("alice", 700, EventMetadata{"old-teller", "", "", ""}));
    REQUIRE(h.log[1].schema_version == 1);

    auto up = r.upcast(h.log[1]);
    REQUIRE(up.ok());
    CHECK(up->schema_version == 2);
    CHECK(up->data == MoneyDeposited{"alice", 700, "USD", "old-teller"}.to_json());
    CHECK(up->event_id == h.log[1].event_id);  // only the data changes

    // Current events pass through unchanged.
    auto same = r.upcast(h.log[0]);
    REQUIRE(same.ok());
    CHECK(*same == h.log[0]);

    // A version from the future is refused.
    RecordedEvent future = *up;
    future.schema_version = 3;
    CHECK(r.upcast(future).error().code == ErrorCode::Unsupported);
}

TEST_CASE("property: upcast-then-fold equals folding current-schema events") {
    const uint64_t seed = 20240601;
    std::mt19937_64 rng(seed);
    UpcasterRegistry registry = bank_registry();
    const char* actors[] = {"", "teller-1", "atm", "alice"};

    for (int round = 0; round < 200; ++round) {
        CAPTURE(seed);
        CAPTURE(round);
        // Two recordings of one history: `legacy` writes some deposits at v1 (as the old code
        // did), `current` writes the same deposits at v2 with the v1-era rule applied by hand.
        History legacy({AccountCreated{"alice", "Alice", "USD", 100000}});
        History current({AccountCreated{"alice", "Alice", "USD", 100000}});
        int64_t balance = 0;
        const int steps = static_cast<int>(rng() % 30);
        for (int i = 0; i < steps; ++i) {
            const int64_t amount = 1 + static_cast<int64_t>(rng() % 100000);
            const std::string actor = actors[rng() % 4];
            const EventMetadata meta{actor, "", "", ""};
            if (rng() % 3 != 0 || balance - amount < -100000) {
                const std::string by = actor.empty() ? "unknown" : actor;
                if (rng() % 2 == 0) {
                    legacy.add(make_legacy_deposit_v1("alice", amount, meta));
                } else {
                    legacy.add(make_event(MoneyDeposited{"alice", amount, "USD", by}, meta));
                }
                current.add(make_event(MoneyDeposited{"alice", amount, "USD", by}, meta));
                balance += amount;
            } else {
                legacy.add(make_event(MoneyWithdrawn{"alice", amount}, meta));
                current.add(make_event(MoneyWithdrawn{"alice", amount}, meta));
                balance -= amount;
            }
        }

        AccountState from_legacy = initial_state();
        for (const RecordedEvent& e : legacy.log) {
            auto up = registry.upcast(e);
            REQUIRE_MESSAGE(up.ok(), up.error().message);
            auto next = evolve(from_legacy, *up);
            REQUIRE_MESSAGE(next.ok(), next.error().message);
            from_legacy = *next;
        }
        AccountState from_current = current.state_of("alice");
        CHECK(from_legacy == from_current);
        CHECK(from_current.balance_cents == balance);
    }
}

TEST_CASE("a stored v1 deposit read through the upcasters: v1 as stored, v2 with the added fields, stored bytes unchanged") {
    es::testing::StoreFixture f;
    f.given("account-alice", {make_legacy_deposit_v1("alice", 2000, EventMetadata{"old-app-v1", "", "", ""})});
    const std::string line = encode_event_line(f.store.recorded_log()[0]);
    auto r = read_through_upcasters(line, bank_upcasters());
    REQUIRE(r.ok());
    CHECK(r->stored.schema_version == 1);
    CHECK(r->current.schema_version == 2);
    CHECK(r->stored.data == Json{{"accountId", "alice"}, {"amountCents", 2000}});
    REQUIRE(r->added.size() == 2);
    CHECK(r->added[0].field == "currency");
    CHECK(r->added[0].before.is_null());
    CHECK(r->added[0].after == "USD");
    CHECK(r->added[1].field == "depositedBy");
    CHECK(r->added[1].after == "old-app-v1");
    CHECK(r->line_hash_before == sha256_hex(line));
    CHECK(r->line_hash_after == r->line_hash_before);
    CHECK(r->current.hash == r->stored.hash);  // the event keeps the hash it was recorded with

    CHECK_FALSE(read_through_upcasters("{not a line", bank_upcasters()).ok());
}

}  // namespace ES_TEST_FILE_ID
