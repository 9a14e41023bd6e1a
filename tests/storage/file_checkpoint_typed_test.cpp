// A store opened from a checkpoint (open_from over a FileStorage) decodes the payloads of the
// events after it as it reads them, and a balances rebuild (the events before the checkpoint read
// from the file and folded through apply(), the rest from the decoded payloads) equals the
// apply()-only rebuild of the whole log, at any checkpoint.
#include <doctest/doctest.h>

#include <string>

#include "bank/bank.h"
#include "bank/random_history.h"
#include "bank/typed_events.h"
#include "core/clock.h"
#include "core/event_store.h"
#include "storage/file_fixtures.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using es::EventStore;
using es::FileStorage;
using es::bank::BalancesProjection;
using es::bank::testing::ApplyOnlyBalances;
using namespace file_test;

TEST_CASE("open_from: balances rebuilt from the decoded tail equal the whole log's apply() rebuild") {
    const uint64_t seed = 20261206;
    INFO("seed = " << seed);
    TempDir dir("typed_open_from");
    auto opened = FileStorage::open(dir.file("events.jsonl"));
    REQUIRE(opened.ok());
    FileStorage& storage = *opened.value();
    es::ManualClock clock{1700000000000};
    es::UuidGenerator ids{3};
    EventStore whole(storage, clock, ids);
    REQUIRE(whole.open().ok());
    es::bank::Bank bank(whole);
    es::bank::testing::run_random_history(whole, clock, bank, seed, 800);
    const uint64_t head = whole.head_position();
    REQUIRE(head > 100);

    for (int version : {1, 2}) {
        ApplyOnlyBalances reference(version);
        REQUIRE(whole.rebuild(reference).ok());
        for (uint64_t p : {uint64_t{0}, uint64_t{1}, head / 3, head - 1, head}) {
            CAPTURE(version);
            CAPTURE(p);
            EventStore store(storage, clock, ids);
            es::bank::Bank on_store(store);  // sets the upcasters and the codec before the open
            REQUIRE(store.payload_codec() == &es::bank::bank_payload_codec());
            es::RecordedEvent scratch;
            const std::string hash = p == 0 ? "" : (*whole.stored_event(p, scratch))->hash;
            REQUIRE(store.open_from(p, hash).ok());
            BalancesProjection typed(version);
            REQUIRE(store.rebuild(typed).ok());
            CHECK(typed.to_json() == reference.to_json());
            CHECK(typed.checkpoint() == head);
        }
    }
}

}  // namespace ES_TEST_FILE_ID
