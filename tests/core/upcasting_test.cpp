// Schema evolution: a v1 -> v2 -> v3 chain applied on read, and clear errors for an unknown type,
// a version from the future, a missing step, and a failing or throwing step.
#include <doctest/doctest.h>

#include <stdexcept>

#include "core/store_fixture.h"
#include "core/upcasting.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using es::testing::make_event;
using es::testing::StoreFixture;

namespace {

// Deposited v1 {"amount": 12} (whole units) -> v2 {"cents": 1200} -> v3 {"cents":..., "currency":"EUR"}.
UpcasterRegistry deposit_registry() {
    UpcasterRegistry reg;
    reg.register_type("Deposited", 3);
    reg.add("Deposited", 1, [](const RecordedEvent& e) -> Result<Json> {
        if (!e.data.contains("amount") || !e.data["amount"].is_number_integer())
            return make_error(ErrorCode::Corrupt, "v1 Deposited without an integer amount");
        return Json{{"cents", e.data["amount"].get<int64_t>() * 100}};
    });
    reg.add("Deposited", 2, [](const RecordedEvent& e) -> Result<Json> {
        Json d = e.data;
        d["currency"] = "EUR";
        return d;
    });
    return reg;
}

RecordedEvent at_version(int v, Json data) {
    RecordedEvent e;
    e.type = "Deposited";
    e.schema_version = v;
    e.data = std::move(data);
    e.global_position = 9;
    return e;
}

}  // namespace

TEST_CASE("a v1 event walks the whole chain, v2 only the last step, v3 is untouched") {
    UpcasterRegistry reg = deposit_registry();
    CHECK(reg.knows("Deposited"));
    CHECK(reg.current_version("Deposited") == 3);
    CHECK(reg.current_version("Nope") == 0);

    auto v1 = reg.upcast(at_version(1, {{"amount", 12}}));
    REQUIRE(v1.ok());
    CHECK(v1->schema_version == 3);
    CHECK(v1->data == Json{{"cents", 1200}, {"currency", "EUR"}});
    CHECK(v1->global_position == 9);  // the envelope is kept

    auto v2 = reg.upcast(at_version(2, {{"cents", 5}}));
    REQUIRE(v2.ok());
    CHECK(v2->data == Json{{"cents", 5}, {"currency", "EUR"}});

    Json v3data = {{"cents", 7}, {"currency", "USD"}};
    CHECK(reg.upcast(at_version(3, v3data))->data == v3data);
}

TEST_CASE("upcasting errors are Unsupported or the step's own error") {
    UpcasterRegistry reg = deposit_registry();
    SUBCASE("unknown type") {
        RecordedEvent e = at_version(1, Json::object());
        e.type = "Withdrawn";
        auto r = reg.upcast(e);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Unsupported);
        CHECK(r.error().message.find("unknown event type 'Withdrawn'") != std::string::npos);
    }
    SUBCASE("a version from the future") {
        auto r = reg.upcast(at_version(4, Json::object()));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Unsupported);
        CHECK(r.error().message.find("newer") != std::string::npos);
    }
    SUBCASE("a missing step") {
        UpcasterRegistry gap;
        gap.register_type("Deposited", 3);
        gap.add("Deposited", 1, [](const RecordedEvent& e) -> Result<Json> { return e.data; });
        auto r = gap.upcast(at_version(1, Json::object()));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Unsupported);
        CHECK(r.error().message.find("no upcaster from v2 to v3") != std::string::npos);
    }
    SUBCASE("a step that fails, throws, or returns a non-object") {
        auto r = reg.upcast(at_version(1, {{"amount", "twelve"}}));
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().code == ErrorCode::Corrupt);
        CHECK(r.error().message.find("without an integer amount") != std::string::npos);

        UpcasterRegistry bad;
        bad.register_type("T", 2);
        RecordedEvent t = at_version(1, Json::object());
        t.type = "T";
#ifndef __EMSCRIPTEN__  // the WebAssembly build does not catch exceptions: a throw aborts there
        bad.add("T", 1, [](const RecordedEvent& e) -> Result<Json> { return Json(e.data.at("missing")); });
        CHECK(bad.upcast(t).error().message.find("threw") != std::string::npos);
#endif
        bad.add("T", 1, [](const RecordedEvent&) -> Result<Json> { return Json::array(); });
        CHECK(bad.upcast(t).error().message.find("non-object") != std::string::npos);
    }
}

TEST_CASE("the store upcasts on read and never rewrites what is stored") {
    StoreFixture f;
    UpcasterRegistry reg = deposit_registry();
    NewEvent old = make_event("Deposited", {{"amount", 3}});
    old.schema_version = 1;
    NewEvent current = make_event("Deposited", {{"cents", 50}, {"currency", "EUR"}});
    current.schema_version = 3;
    f.given("account-1", {old, current});
    f.store.set_upcasters(&reg);
    auto read = f.store.read_stream("account-1");
    REQUIRE(read.ok());
    CHECK((*read)[0].schema_version == 3);
    CHECK((*read)[0].data["cents"] == 300);
    CHECK(f.store.recorded_log()[0].schema_version == 1);
    CHECK(f.store.recorded_log()[0].data == Json{{"amount", 3}});
    CHECK(f.store.verify().ok());

    // An event the registry does not know makes reads fail with its position and type.
    f.given("account-1", {make_event("Mystery")});
    auto all = f.store.read_all();
    REQUIRE_FALSE(all.ok());
    CHECK(all.error().code == ErrorCode::Unsupported);
    CHECK(all.error().message.find("position 3") != std::string::npos);
    CHECK(all.error().message.find("'Mystery'") != std::string::npos);
    // Reading only the known types still works.
    CHECK(f.store.read_all(1, kNoLimit, {"Deposited"})->size() == 2);
}

}  // namespace ES_TEST_FILE_ID
