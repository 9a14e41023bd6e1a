// es-sandbox fold: a learner's Lua apply() over a store's account streams. The state it derives
// (text and --json), --check against the bank's own fold (exit 1 naming event, field and both
// values), a syntax error (exit 2 with line:column), a runtime error (exit 1) and usage mistakes.
#include <doctest/doctest.h>

#include "cli/cli.h"
#include "cli_fixture.h"
#include "core/event.h"
#include "learn/exercise_code.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace cli_test;

namespace {

std::string program(const TempDir& dir, const std::string& name, std::string_view text) {
    const std::string path = dir.file(name);
    write_file(path, std::string(text));
    return path;
}

}  // namespace

TEST_CASE("fold prints the state a program derives, and --check confirms the solution") {
    TempDir dir("fold");
    const std::string store = make_bank_store(dir);
    const std::string solution = program(dir, "solution.lua", es::learn::solution_code(es::learn::Exercise::AccountFold));
    Run r = run({"fold", "--store", store, solution});
    CHECK(r.code == es::cli::kExitOk);
    CHECK(contains(r.out, "#2 MoneyDeposited: balance 10000 cents\n"));  // its print() lines first
    CHECK(contains(r.out, "account-alice: balance 65.00, exists true, owner \"Alice\"\n"));
    CHECK(contains(r.out, "account-bob: balance 25.00, exists true, owner \"Bob\"\n"));

    Run checked = run({"fold", "--check", "--store", store, solution});
    CHECK(checked.code == es::cli::kExitOk);
    CHECK(contains(checked.out, "your fold matches all 7 events of the bank's own fold"));

    Run json = run({"fold", "--json", "--store", store, solution});
    CHECK(json.code == es::cli::kExitOk);
    auto j = es::Json::parse(json.out);
    CHECK(j["events"] == 7);
    CHECK(j["accounts"][0]["streamId"] == "account-alice");
    CHECK(j["accounts"][0]["state"]["balance"] == 6500);  // integer cents
    CHECK(j["printed"].size() == 7);
}

TEST_CASE("fold --check exits 1 at the first difference, naming the event, the field and both values") {
    TempDir dir("fold_check");
    const std::string store = make_bank_store(dir);
    const std::string adds = program(dir, "adds.lua", R"(function apply(account, event)
  if event.type == "AccountCreated" then
    account.exists = true
    account.owner = event.owner
    account.balance = 0
  elseif event.amount then
    account.balance = account.balance + event.amount
  end
end)");
    Run r = run({"fold", "--check", "--store", store, adds});
    CHECK(r.code == es::cli::kExitFailed);
    CHECK(r.err == "es-sandbox fold: after #3 MoneyWithdrawn $30.00: your balance 130.00, expected 70.00\n");
    CHECK_FALSE(contains(r.out, "account-alice:"));
    // Without --check the program's own answer is printed, differences and all.
    Run plain = run({"fold", "--store", store, adds});
    CHECK(plain.code == es::cli::kExitOk);
    CHECK(contains(plain.out, "account-alice: balance 135.00"));
}

TEST_CASE("fold reports a syntax error with line:column (exit 2) and a runtime error with its line and event (exit 1)") {
    TempDir dir("fold_errors");
    const std::string store = make_bank_store(dir);
    const std::string bad = program(dir, "bad.lua", "function apply(a, e)\n  local = 3\nend\n");
    Run syntax = run({"fold", "--store", store, bad});
    CHECK(syntax.code == es::cli::kExitUsage);
    CHECK(syntax.err == "es-sandbox fold: " + bad + ":2:9: <name> expected near '='\n");

    const std::string nil = program(dir, "nil.lua", "function apply(a, e)\n  a.x = a.y + 1\nend\n");
    Run runtime = run({"fold", "--check", "--store", store, nil});
    CHECK(runtime.code == es::cli::kExitFailed);
    CHECK(contains(runtime.err, nil + ":2: while folding #1 AccountCreated alice: attempt to perform arithmetic on a nil value (field 'y')"));

    const std::string loop = program(dir, "loop.lua", "function apply(a, e)\n  while true do end\nend\n");
    Run endless = run({"fold", "--store", store, loop});
    CHECK(endless.code == es::cli::kExitFailed);
    CHECK(contains(endless.err, "is there a loop that never ends?"));

    Run no_apply = run({"fold", "--store", store, program(dir, "none.lua", "function aply(a, e) end")});
    CHECK(no_apply.code == es::cli::kExitUsage);
    CHECK(contains(no_apply.err, "your code has no function apply(account, event)"));
    CHECK(run({"fold", "--store", store, dir.file("missing.lua")}).code == es::cli::kExitUsage);
    CHECK(run({"fold", "--store", store}).code == es::cli::kExitUsage);
    CHECK(run({"fold", bad}).code == es::cli::kExitUsage);
    CHECK(run({"fold", "--store", dir.file("none.jsonl"), bad}).code == es::cli::kExitStore);
    Run help = run({"fold", "--help"});
    CHECK(help.code == es::cli::kExitOk);
    CHECK(contains(help.out, "Usage: es-sandbox fold --store FILE PROGRAM.lua"));
}

}  // namespace ES_TEST_FILE_ID
