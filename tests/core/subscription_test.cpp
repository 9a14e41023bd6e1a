// Subscriptions: catch-up then live delivery, in order, to projections and callbacks; rebuild;
// checkpoints; a paused subscriber resumes without skipping.
#include <doctest/doctest.h>

#include <stdexcept>

#include "core/projection.h"
#include "core/store_fixture.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using es::testing::make_event;
using es::testing::StoreFixture;

namespace {

// Sums "Added" amounts per stream and remembers every position it saw.
class SumProjection : public Projection {
public:
    std::string name() const override { return "sums"; }
    int version() const override { return 1; }
    void reset() override {
        sums_.clear();
        seen.clear();
    }
    void apply(const RecordedEvent& e) override {
        seen.push_back(e.global_position);
        if (e.type == "Added") sums_[e.stream_id] = sums_.value(e.stream_id, int64_t{0}) + e.data["n"].get<int64_t>();
    }
    Json to_json() const override { return sums_; }

    std::vector<uint64_t> seen;

private:
    Json sums_ = Json::object();
};

NewEvent added(int64_t n) { return make_event("Added", {{"n", n}}); }

}  // namespace

TEST_CASE("a projection catches up from its checkpoint, then receives every append live") {
    StoreFixture f;
    f.given("a", {added(1), added(2)});
    f.given("b", {added(10)});
    SumProjection p;
    auto id = f.store.subscribe(p);
    REQUIRE(id.ok());
    // Then the catch-up delivered the history
    CHECK(p.seen == std::vector<uint64_t>{1, 2, 3});
    CHECK(p.checkpoint() == 3);
    // When more events are appended, then they arrive at once, in order
    f.given("a", {added(5), added(6)});
    CHECK(p.seen == std::vector<uint64_t>{1, 2, 3, 4, 5});
    CHECK(p.to_json() == Json{{"a", 14}, {"b", 10}});
    CHECK(p.checkpoint() == 5);
    // Failed appends deliver nothing
    CHECK_FALSE(f.store.append("a", ExpectedVersion::no_stream(), {added(1)}).ok());
    CHECK(p.checkpoint() == 5);
    // After unsubscribing nothing more arrives
    f.store.unsubscribe(*id);
    f.given("a", {added(100)});
    CHECK(p.checkpoint() == 5);
    // Subscribing again resumes from the checkpoint, no duplicates
    REQUIRE(f.store.subscribe(p).ok());
    CHECK(p.seen == std::vector<uint64_t>{1, 2, 3, 4, 5, 6});
    CHECK(p.to_json()["a"] == 114);
}

TEST_CASE("a projection with a saved checkpoint only gets newer events") {
    StoreFixture f;
    f.given("a", {added(1), added(2), added(3)});
    SumProjection p;
    p.set_checkpoint(2);
    REQUIRE(f.store.subscribe(p).ok());
    CHECK(p.seen == std::vector<uint64_t>{3});
}

TEST_CASE("rebuild resets and replays everything") {
    StoreFixture f;
    f.given("a", {added(1), added(2)});
    SumProjection p;
    REQUIRE(f.store.subscribe(p).ok());
    f.given("a", {added(3)});
    REQUIRE(f.store.rebuild(p).ok());
    CHECK(p.seen == std::vector<uint64_t>{1, 2, 3});
    CHECK(p.checkpoint() == 3);
    CHECK(p.to_json() == Json{{"a", 6}});
    f.given("a", {added(4)});  // still subscribed
    CHECK(p.seen == std::vector<uint64_t>{1, 2, 3, 4});
}

TEST_CASE("callback subscribers: after a position, several at once, in order") {
    StoreFixture f;
    f.given("a", {added(1), added(2)});
    std::vector<uint64_t> all, tail;
    uint64_t id_all = f.store.subscribe(0, [&](const RecordedEvent& e) { all.push_back(e.global_position); });
    uint64_t id_tail = f.store.subscribe(f.store.head_position(), [&](const RecordedEvent& e) { tail.push_back(e.global_position); });
    CHECK(id_all != id_tail);
    CHECK(all == std::vector<uint64_t>{1, 2});
    CHECK(tail.empty());
    std::vector<StreamAppend> batch;
    batch.push_back({"x", ExpectedVersion::any(), {added(1)}});
    batch.push_back({"y", ExpectedVersion::any(), {added(1), added(1)}});
    REQUIRE(f.store.append_multi(std::move(batch)).ok());
    CHECK(all == std::vector<uint64_t>{1, 2, 3, 4, 5});
    CHECK(tail == std::vector<uint64_t>{3, 4, 5});
    f.store.unsubscribe(id_all);
    f.given("a", {added(1)});
    CHECK(all.size() == 5);
    CHECK(tail.size() == 4);
}

TEST_CASE("a subscriber may not append, but may unsubscribe itself") {
    StoreFixture f;
    std::vector<Error> errors;
    uint64_t id = 0;
    id = f.store.subscribe(0, [&](const RecordedEvent&) {
        auto r = f.store.append("z", ExpectedVersion::any(), {added(1)});
        if (!r.ok()) errors.push_back(r.error());
        f.store.unsubscribe(id);
    });
    f.given("a", {added(1), added(2)});
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message.find("subscriber callback") != std::string::npos);
    CHECK(f.store.head_position() == 2);
}

TEST_CASE("an upcast failure pauses delivery at that event, fixing it resumes without skipping") {
    StoreFixture f;
    UpcasterRegistry reg;
    reg.register_type("Added", 1);
    f.store.set_upcasters(&reg);
    SumProjection p;
    REQUIRE(f.store.subscribe(p).ok());
    f.given("a", {added(1), make_event("Unknown"), added(2)});
    CHECK(p.checkpoint() == 1);
    REQUIRE(f.store.last_delivery_error().has_value());
    CHECK(f.store.last_delivery_error()->message.find("position 2") != std::string::npos);
    reg.register_type("Unknown", 1);
    f.given("a", {added(3)});
    CHECK(p.seen == std::vector<uint64_t>{1, 2, 3, 4});
    CHECK(p.to_json()["a"] == 6);

    SumProjection q;
    reg = UpcasterRegistry();
    reg.register_type("Added", 1);
    auto r = f.store.subscribe(q);
    CHECK_FALSE(r.ok());  // catch-up failed: not subscribed
}

#ifndef __EMSCRIPTEN__  // the WebAssembly build does not catch exceptions: a throw aborts there
TEST_CASE("a handler that throws pauses its subscription instead of escaping the append") {
    StoreFixture f;
    int calls = 0;
    bool fail = true;
    f.store.subscribe(0, [&](const RecordedEvent&) {
        ++calls;
        if (fail) throw std::runtime_error("boom");
    });
    auto r = f.store.append("a", ExpectedVersion::any(), {added(1), added(2)});
    CHECK(r.ok());  // the append itself succeeded
    CHECK(calls == 1);
    REQUIRE(f.store.last_delivery_error().has_value());
    CHECK(f.store.last_delivery_error()->message.find("boom") != std::string::npos);
    fail = false;
    f.given("a", {added(3)});
    CHECK(calls == 4);  // event 1 retried, then 2 and 3
}
#endif

}  // namespace ES_TEST_FILE_ID
