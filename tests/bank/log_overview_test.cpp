// LogOverview: the log in buckets for the drawn timeline. One bucket per event while they fit,
// even shares of the log otherwise, counts per type, and no recomputation unless the log or the
// width changed.
#include <doctest/doctest.h>

#include "bank/log_overview.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using es::bank::LogOverview;

namespace {

EventList log_of(const std::vector<std::string>& types) {
    EventList log;
    for (size_t i = 0; i < types.size(); ++i) {
        RecordedEvent e;
        e.global_position = i + 1;
        e.type = types[i];
        e.hash = "h" + std::to_string(i + 1);
        log.push_back(e);
    }
    return log;
}

}  // namespace

TEST_CASE("one bucket per event while the events fit the columns") {
    const EventList log = log_of({"AccountCreated", "MoneyDeposited", "MoneyWithdrawn"});
    LogOverview o;
    CHECK(o.update(log, 100));
    REQUIRE(o.buckets().size() == 3);
    CHECK(o.types() == std::vector<std::string>{"AccountCreated", "MoneyDeposited", "MoneyWithdrawn"});
    for (uint64_t p = 1; p <= 3; ++p) {
        const auto& b = o.buckets()[p - 1];
        CHECK(b.first == p);
        CHECK(b.last == p);
        CHECK(b.dominant == p - 1);
        CHECK(o.bucket_of(p) == p - 1);
    }
    CHECK(o.bucket_of(0) == 3);
    CHECK(o.bucket_of(4) == 3);
}

TEST_CASE("more events than columns: even shares, counted by type, every position in exactly one bucket") {
    std::vector<std::string> types;
    for (int i = 0; i < 1000; ++i) types.push_back(i % 4 == 0 ? "MoneyWithdrawn" : "MoneyDeposited");
    const EventList log = log_of(types);
    LogOverview o;
    o.update(log, 7);
    REQUIRE(o.buckets().size() == 7);
    uint64_t next = 1, total = 0;
    for (size_t b = 0; b < o.buckets().size(); ++b) {
        const auto& bucket = o.buckets()[b];
        CHECK(bucket.first == next);
        CHECK(bucket.last >= bucket.first);
        next = bucket.last + 1;
        uint64_t sum = 0;
        for (uint32_t c : bucket.counts) sum += c;
        CHECK(sum == bucket.last - bucket.first + 1);
        total += sum;
        CHECK(o.types()[bucket.dominant] == "MoneyDeposited");
        CHECK(o.bucket_of(bucket.first) == b);
        CHECK(o.bucket_of(bucket.last) == b);
    }
    CHECK(next == 1001);
    CHECK(total == 1000);
}

TEST_CASE("recomputes only when the log or the width changes") {
    EventList log = log_of({"AccountCreated", "MoneyDeposited"});
    LogOverview o;
    CHECK(o.update(log, 10));
    CHECK_FALSE(o.update(log, 10));
    CHECK(o.update(log, 1));
    CHECK(o.buckets().size() == 1);
    CHECK(o.buckets()[0].counts == std::vector<uint32_t>{1, 1});
    CHECK(o.buckets()[0].dominant == 0);  // a tie: the first type
    log.push_back(log_of({"a", "b", "MoneyWithdrawn"})[2]);
    CHECK(o.update(log, 1));
    CHECK(o.head() == 3);
    log.back().hash = "another";  // the same head, a different log
    CHECK(o.update(log, 1));
    const EventList empty;
    CHECK(o.update(empty, 1));
    CHECK(o.buckets().empty());
}

}  // namespace ES_TEST_FILE_ID
