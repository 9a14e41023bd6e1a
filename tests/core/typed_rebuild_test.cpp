// The payloads a store decodes once (core/typed_payload.h): a rebuild through a projection's
// typed fast path leaves exactly what apply() leaves, whatever path added the events (append,
// open, open over events already read, append_recorded, setting the codec or the upcasters late),
// and the decoded column stays in step with the log after refused appends. A toy domain: "Added"
// events carry {"n": integer} (v1 had {"amount"}, upcast to n), "Other" events carry nothing.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <string>

#include "core/store_fixture.h"
#include "core/typed_payload.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using es::testing::make_event;
using es::testing::StoreFixture;

namespace {

constexpr uint16_t kAdded = 7;

bool read_added(const RecordedEvent& e, int64_t& n) {
    if (e.type != "Added" || !e.data.contains("n") || !e.data["n"].is_number_integer()) return false;
    n = e.data["n"].get<int64_t>();
    return true;
}

class AddedCodec : public PayloadCodec {
public:
    bool decode(const RecordedEvent& event, TypedPayload& out) const override {
        int64_t n = 0;
        if (!read_added(event, n)) return false;
        out.kind = kAdded;
        out.value = n;
        return true;
    }
};

// `factor` scales what a v1 "amount" becomes, so two registries upcast the same event differently.
UpcasterRegistry added_registry(int64_t factor) {
    UpcasterRegistry reg;
    reg.register_type("Added", 2);
    reg.register_type("Other", 1);
    reg.add("Added", 1, [factor](const RecordedEvent& e) -> Result<Json> {
        return Json{{"n", e.data.value("amount", int64_t{0}) * factor}};
    });
    return reg;
}

// Sums n per stream; counts every other event. Takes the typed path when `codec` is set.
struct Sums : Projection {
    const PayloadCodec* codec = nullptr;
    std::map<std::string, int64_t> sums;
    int64_t others = 0;
    size_t typed_events = 0;

    std::string name() const override { return "sums"; }
    int version() const override { return 1; }
    void reset() override {
        sums.clear();
        others = 0;
        typed_events = 0;
    }
    void apply(const RecordedEvent& e) override {
        int64_t n = 0;
        if (read_added(e, n))
            sums[e.stream_id] += n;
        else
            ++others;
    }
    const PayloadCodec* typed_codec() const override { return codec; }
    void apply_typed(const TypedPayload* events, size_t count, const StreamNumbers& streams) override {
        typed_events += count;
        for (size_t i = 0; i < count; ++i) {
            REQUIRE(events[i].kind == kAdded);
            sums[streams.name(events[i].stream)] += events[i].value;
        }
    }
    Json to_json() const override { return Json{{"sums", sums}, {"others", others}}; }
};

// A seeded mix: current and v1 "Added", "Added" whose n is not an integer, and "Other".
std::vector<NewEvent> random_events(std::mt19937_64& rng, int count) {
    std::vector<NewEvent> out;
    for (int i = 0; i < count; ++i) {
        const int64_t n = static_cast<int64_t>(rng() % 1000);
        switch (rng() % 5) {
            case 0: {
                NewEvent old = make_event("Added", {{"amount", n}});
                old.schema_version = 1;
                out.push_back(old);
                break;
            }
            case 1: out.push_back(make_event("Other", {{"n", n}})); break;
            case 2: out.push_back(make_event("Added", {{"n", "not a number"}})); break;
            default: {
                NewEvent e = make_event("Added", {{"n", n}});
                e.schema_version = 2;
                out.push_back(e);
            }
        }
    }
    return out;
}

void append_random(EventStore& store, std::mt19937_64& rng, int batches) {
    for (int b = 0; b < batches; ++b) {
        const std::string stream = "s-" + std::to_string(rng() % 6);
        REQUIRE(store.append(stream, ExpectedVersion::any(), random_events(rng, 1 + static_cast<int>(rng() % 4))).ok());
    }
}

// Rebuilds through the typed path and through apply() alone; both must agree and cover the log.
// Returns how many events came typed.
size_t check_rebuilds_agree(const EventStore& store, const PayloadCodec& codec) {
    Sums fast;
    fast.codec = &codec;
    Sums slow;
    REQUIRE(store.rebuild(fast).ok());
    REQUIRE(store.rebuild(slow).ok());
    CHECK(fast.to_json() == slow.to_json());
    CHECK(fast.checkpoint() == store.head_position());
    CHECK(slow.checkpoint() == store.head_position());
    CHECK(slow.typed_events == 0);
    return fast.typed_events;
}

}  // namespace

TEST_CASE("a rebuild folds the payloads the store decoded once, with apply()'s outcome") {
    const uint64_t seed = 20261205;
    INFO("seed = " << seed);
    std::mt19937_64 rng(seed);
    const AddedCodec codec;
    const UpcasterRegistry reg = added_registry(10);
    StoreFixture f;
    f.store.set_upcasters(&reg);
    f.store.set_payload_codec(&codec);
    append_random(f.store, rng, 120);
    const size_t typed = check_rebuilds_agree(f.store, codec);
    CHECK(typed > 0);
    CHECK(typed < f.store.head_position());  // some were left to apply()

    SUBCASE("opened again over the same storage, the payloads are decoded as the log is read") {
        EventStore again(f.storage, f.clock, f.ids);
        again.set_upcasters(&reg);
        again.set_payload_codec(&codec);
        REQUIRE(again.open().ok());
        CHECK(check_rebuilds_agree(again, codec) == typed);
    }
    SUBCASE("opened over events the caller has already read") {
        EventStore again(f.storage, f.clock, f.ids);
        again.set_upcasters(&reg);
        again.set_payload_codec(&codec);
        REQUIRE(again.open(f.store.recorded_log().to_list()).ok());
        CHECK(check_rebuilds_agree(again, codec) == typed);
    }
    SUBCASE("a projection without the fast path, or reading another codec, is folded through apply()") {
        const AddedCodec other;
        Sums foreign;
        foreign.codec = &other;
        REQUIRE(f.store.rebuild(foreign).ok());
        CHECK(foreign.typed_events == 0);
        Sums plain;
        REQUIRE(f.store.rebuild(plain).ok());
        CHECK(foreign.to_json() == plain.to_json());
    }
}

TEST_CASE("a codec or upcasters set after the events decode the held events again") {
    std::mt19937_64 rng(77);
    const AddedCodec codec;
    const UpcasterRegistry by_ten = added_registry(10);
    const UpcasterRegistry by_hundred = added_registry(100);
    StoreFixture f;
    f.store.set_upcasters(&by_ten);
    append_random(f.store, rng, 60);
    CHECK(check_rebuilds_agree(f.store, codec) == 0);  // no codec yet: nothing is typed

    f.store.set_payload_codec(&codec);
    const size_t typed = check_rebuilds_agree(f.store, codec);
    CHECK(typed > 0);
    Sums before;
    REQUIRE(f.store.rebuild(before).ok());

    f.store.set_upcasters(&by_hundred);  // v1 amounts now read ten times larger
    CHECK(check_rebuilds_agree(f.store, codec) == typed);
    Sums after;
    REQUIRE(f.store.rebuild(after).ok());
    CHECK(after.to_json() != before.to_json());

    f.store.set_payload_codec(nullptr);
    CHECK(check_rebuilds_agree(f.store, codec) == 0);
}

TEST_CASE("the decoded payloads stay in step after refused appends and append_recorded") {
    std::mt19937_64 rng(5);
    const AddedCodec codec;
    const UpcasterRegistry reg = added_registry(10);
    StoreFixture source;
    source.store.set_upcasters(&reg);
    append_random(source.store, rng, 40);

    StoreFixture f;
    f.store.set_upcasters(&reg);
    f.store.set_payload_codec(&codec);
    append_random(f.store, rng, 10);
    // Refused: a stale expected version, an event the format refuses, a batch of another log.
    CHECK_FALSE(f.store.append("s-1", ExpectedVersion::exactly(999), {make_event("Added", {{"n", 1}})}).ok());
    CHECK_FALSE(f.store.append("s-1", ExpectedVersion::any(), {make_event("bad type")}).ok());
    CHECK_FALSE(f.store.append_recorded(source.store.recorded_log()).ok());
    const size_t typed = check_rebuilds_agree(f.store, codec);
    CHECK(typed > 0);

    StoreFixture copy;
    copy.store.set_upcasters(&reg);
    copy.store.set_payload_codec(&codec);
    REQUIRE(copy.store.append_recorded(source.store.recorded_log()).ok());
    CHECK_FALSE(copy.store.append_recorded(source.store.recorded_log()).ok());  // positions taken
    append_random(copy.store, rng, 10);
    CHECK(check_rebuilds_agree(copy.store, codec) > 0);
}

}  // namespace ES_TEST_FILE_ID
