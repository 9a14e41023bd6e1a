// One reading of every JSON text: a repeated key is refused wherever it hides, and a refusal says
// why and where.
#include <doctest/doctest.h>

#include "core/json_parse.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;

namespace {

std::string error_of(const std::string& text) {
    auto r = parse_json(text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Corrupt);
    return r.error().message;
}

}  // namespace

TEST_CASE("parse_json reads what nlohmann reads, with the same types") {
    auto r = parse_json(R"({"a":1,"b":-2,"c":1.5,"d":"x","e":[1,{"f":null}],"g":true,"h":{}})");
    REQUIRE(r.ok());
    CHECK(*r == Json::parse(R"({"a":1,"b":-2,"c":1.5,"d":"x","e":[1,{"f":null}],"g":true,"h":{}})"));
    CHECK(r->at("a").is_number_unsigned());
    CHECK(r->at("b").is_number_integer());
    CHECK(parse_json("[]")->is_array());
    CHECK(*parse_json("  7 ") == Json(7));
}

TEST_CASE("a repeated key is refused, at any depth, but the same key in two objects is not a repeat") {
    CHECK(error_of(R"({"amount":"1.00","amount":"1000000.00"})").find("duplicate key 'amount'") != std::string::npos);
    CHECK(error_of(R"({"data":{"x":1,"y":2,"x":3}})").find("duplicate key 'x'") != std::string::npos);
    CHECK(error_of(R"([{"k":1},{"k":2,"k":2}])").find("duplicate key 'k'") != std::string::npos);
    CHECK(parse_json(R"([{"k":1},{"k":2}])").ok());
    CHECK(parse_json(R"({"a":{"k":1},"b":{"k":1}})").ok());
}

TEST_CASE("a refusal names the cause and the byte") {
    CHECK(error_of("1e400").find("number out of range") != std::string::npos);
    CHECK(error_of(R"({"a":1e400})").find("number out of range at byte") != std::string::npos);
    const std::string truncated = error_of(R"({"a":)");
    CHECK(truncated.find("not valid JSON at byte 6") != std::string::npos);  // counted from 1: just past the end
    CHECK(error_of("{} x").find("not valid JSON") != std::string::npos);
    CHECK(error_of("").find("not valid JSON") != std::string::npos);
    CHECK(error_of("\"\xff\"").find("not valid JSON") != std::string::npos);  // not UTF-8
    auto as_argument = parse_json("nope", ErrorCode::InvalidArgument);
    REQUIRE_FALSE(as_argument.ok());
    CHECK(as_argument.error().code == ErrorCode::InvalidArgument);
}

}  // namespace ES_TEST_FILE_ID
