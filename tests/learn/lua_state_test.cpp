// The Lua sandbox: what learner code may and may not reach, the instruction and memory limits,
// errors with lines (and columns for syntax), print captured, integers kept as integers.
#include <doctest/doctest.h>

#include "learn/fold_exercise.h"
#include "learn/lua_state.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::learn;

namespace {

std::optional<CodeError> load(std::string_view program, LuaLimits limits = {}) {
    LuaSandbox lua(limits);
    return lua.load(program);
}

}  // namespace

TEST_CASE("the sandbox has base, string, math and table, and no io, os, require, dofile or loadfile") {
    auto e = load(R"(
        assert(io == nil and os == nil and require == nil and package == nil and debug == nil)
        assert(dofile == nil and loadfile == nil and string.dump == nil and coroutine == nil)
        assert(string.format("%d", 5) == "5" and math.max(1, 2) == 2 and table.concat({"a", "b"}) == "ab")
        assert(math.type(5) == "integer" and math.type(5 / 1) == "float")
    )");
    CHECK_MESSAGE(!e, (e ? e->message : ""));
}

TEST_CASE("load reads text only: bytecode is refused") {
    auto e = load(R"(
        local f = load("return 1 + 1")
        assert(f() == 2)
        local g, err = load("\27LuaT\0\25\147\13\10\26\10", "x", "b")
        assert(g == nil and err:find("binary"), err)
        local h = load("return x", "chunk", "t", {x = 7})
        assert(h() == 7)
    )");
    CHECK_MESSAGE(!e, (e ? e->message : ""));
}

TEST_CASE("patterns are switched off: a backtracking pattern cannot freeze the page where the instruction limit cannot reach") {
    auto e = load(R"(
        local s = string.rep("a", 5000)
        return s:match(".-.-.-.-.-.-.-.-b")
    )");
    REQUIRE(e);
    CHECK(e->message.find("string.match is switched off") != std::string::npos);
    for (const char* call : {"return string.gsub('aaa', 'a*', 'b')", "for w in string.gmatch('a b', '%a+') do end",
                             "return string.find('aaaa', '.-.-b')"}) {
        auto refused = load(call);
        REQUIRE_MESSAGE(refused, call);
        CHECK_MESSAGE(refused->message.find("switched off") != std::string::npos, refused->message);
    }
    auto plain = load(R"(
        assert(string.find("MoneyDeposited", "Deposit") == 6)
        assert(("a.b"):find(".", 1, true) == 2)
        assert(string.find("abc", "x") == nil)
    )");
    CHECK_MESSAGE(!plain, (plain ? plain->message : ""));
}

TEST_CASE("a syntax error names its line and the column of the token Lua complains about") {
    auto e = load("function apply(account, event)\n  local = 3\nend\n");
    REQUIRE(e);
    CHECK(e->kind == CodeError::Kind::Syntax);
    CHECK(e->line == 2);
    CHECK(e->column == 9);
    CHECK(e->message == "line 2, column 9: <name> expected near '='");

    auto eof = load("function apply(account, event)\n  if event then\n    return account\nend");
    REQUIRE(eof);
    CHECK(eof->kind == CodeError::Kind::Syntax);
    CHECK(eof->line == 4);
    CHECK(eof->column == 4);  // just after the last line's "end"
    CHECK(eof->message.find("'end' expected (to close 'function' at line 1) near <eof>") != std::string::npos);
}

TEST_CASE("a runtime error names its line") {
    auto e = load("local t = {}\n\nlocal x = t.balance + 1\n");
    REQUIRE(e);
    CHECK(e->kind == CodeError::Kind::Runtime);
    CHECK(e->line == 3);
    CHECK(e->message == "line 3: attempt to perform arithmetic on a nil value (field 'balance') (nothing was stored there yet)");

    auto raised = load("error({})");
    REQUIRE(raised);
    CHECK(raised->message.find("not text") != std::string::npos);
}

// Each program must be stopped with `kind` and a message holding `says`.
static void check_stopped(std::initializer_list<const char*> programs, LuaLimits limits, CodeError::Kind kind, const char* says) {
    for (const char* program : programs) {
        CAPTURE(program);
        auto e = load(program, limits);
        REQUIRE(e);
        CHECK(e->kind == kind);
        CHECK(e->message.find(says) != std::string::npos);
        CHECK(e->line >= 1);
    }
}

TEST_CASE("an endless loop is stopped after the instruction limit, even inside pcall") {
    check_stopped({"while true do end", "local n = 0\nwhile true do n = n + 1 end",
                   "while true do pcall(function() while true do end end) end"},
                  LuaLimits{1'000'000, 16u << 20}, CodeError::Kind::InstructionLimit,
                  "stopped after 1000000 instructions: is there a loop that never ends?");
}

TEST_CASE("a memory bomb is stopped at the memory limit") {
    check_stopped({"local t = {}\nfor i = 1, 1e9 do t[i] = {i} end", "local s = string.rep('x', 1 << 30)",
                   "local s = 'x'\nwhile true do s = s .. s end"},
                  LuaLimits{100'000'000, 4u << 20}, CodeError::Kind::MemoryLimit, "used more than 4 MB of memory");
}

TEST_CASE("print is captured into lines, never written to stdout") {
    LuaSandbox lua;
    REQUIRE(!lua.load("print('hello', 42, nil, true)\nprint()\nprint(1 / 2)"));
    auto lines = lua.take_printed();
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "hello\t42\tnil\ttrue");
    CHECK(lines[1] == "");
    CHECK(lines[2] == "0.5");
    CHECK(lua.take_printed().empty());
}

TEST_CASE("a fold keeps integer cents at the int64 edges and hands tables back as JSON") {
    LuaSandbox lua;
    REQUIRE(!lua.load("function apply(t, e) t.balance = (t.balance or 0) + e.amount t.list = {1, 2} return t end"));
    int table = lua.new_table();
    REQUIRE(table >= 0);
    REQUIRE(!lua.fold("apply", &table, Json{{"amount", INT64_MAX}}));
    Json j = lua.table_json(table);
    CHECK(j["balance"].get<int64_t>() == INT64_MAX);
    CHECK(j["list"] == Json::array({1, 2}));
    REQUIRE(!lua.fold("apply", &table, Json{{"amount", 1}}));  // Lua integers wrap around
    CHECK(lua.table_json(table)["balance"].get<int64_t>() == INT64_MIN);
}

}  // namespace ES_TEST_FILE_ID
