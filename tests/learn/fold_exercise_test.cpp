// The AccountFold exercise over a real bank log: the solution matches, each kind of wrong fold is
// found at the right event with the issue's wording, hard-coded answers fail on the hidden log,
// errors and limits stop the run, and money stays integer cents up to the int64 edges.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>

#include "bank/events.h"
#include "learn/exercise_code.h"
#include "learn/fold_exercise.h"
#include "learn_fixture.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::learn;
using es::testing::BankLog;

namespace {

// The solution with one line replaced: `from` (which must occur) by `to`.
std::string solution_with(const std::string& from, const std::string& to) {
    std::string code(solution_code(Exercise::AccountFold));
    const size_t at = code.find(from);
    REQUIRE(at != std::string::npos);
    return code.replace(at, from.size(), to);
}

int line_of(const std::string& code, const std::string& text) {
    const size_t at = code.find(text);
    REQUIRE(at != std::string::npos);
    return 1 + static_cast<int>(std::count(code.begin(), code.begin() + static_cast<long>(at), '\n'));
}

}  // namespace

TEST_CASE("exercise names are the lesson JSON keys") {
    for (Exercise e : {Exercise::AccountFold, Exercise::ReadModel, Exercise::DomainFold})
        CHECK(exercise_from_name(exercise_name(e)) == e);
    CHECK(!exercise_from_name("nope"));
}

TEST_CASE("the solution fold matches the bank's own fold on the visible and a hidden log") {
    BankLog b;
    es::testing::fill_example(b);
    ExerciseRun run(Exercise::AccountFold, solution_code(Exercise::AccountFold), b.log());
    run.run_all();
    CHECK(run.matched());
    CHECK(run.verdict() == "your fold matches all 6 events");
    CHECK(run.keys() == std::vector<std::string>{"account-alice", "account-bob"});
    auto alice = run.final_state("account-alice");
    CHECK(std::find_if(alice.begin(), alice.end(), [](const Field& f) { return f.name == "balance" && f.value == "130.00"; }) != alice.end());
    CHECK(run.expected_state("account-alice")[2].value == "130.00");
    REQUIRE(run.steps().size() == 6);
    CHECK(run.steps()[1].printed == std::vector<std::string>{"#2 MoneyDeposited: balance 20000 cents"});
    CHECK(run.steps()[2].event == "#3 MoneyWithdrawn $50.00");

    ExerciseCheck check = check_program(Exercise::AccountFold, solution_code(Exercise::AccountFold), b.log());
    CHECK(check.visible_ok);
    CHECK(check.hidden_ok);
    CHECK(check.message.find("all 6 events of your log") != std::string::npos);
}

TEST_CASE("transfers, closings and upcast v1 deposits are folded too") {
    BankLog b;
    es::testing::fill_example(b);
    b.run(bank::Transfer{"alice", "bob", 1000, es::testing::kTeller});
    b.run(bank::Withdraw{"bob", 4000, es::testing::kTeller}).run(bank::CloseAccount{"bob", es::testing::kTeller});
    REQUIRE(b.store.append("account-alice", ExpectedVersion::any(),
                           {bank::make_legacy_deposit_v1("alice", 700, EventMetadata{"old-app-v1", "", "", ""})}).ok());
    ExerciseRun run(Exercise::AccountFold, solution_code(Exercise::AccountFold), b.log());
    run.run_all();
    CHECK_MESSAGE(run.matched(), run.verdict());
}

TEST_CASE("a withdrawal that adds is stopped at the first withdrawal, with the line that ran") {
    BankLog b;
    es::testing::fill_example(b);
    const std::string code = solution_with("account.balance - event.amount", "account.balance + event.amount");
    ExerciseRun run(Exercise::AccountFold, code, b.log());
    const ExerciseStep* s = run.step();
    REQUIRE(s);
    CHECK(s->diffs.empty());
    CHECK(run.step()->diffs.empty());
    s = run.step();
    REQUIRE(s);
    CHECK(run.done());
    CHECK(run.next_index() == 3);
    CHECK(s->position == 3);
    REQUIRE(s->diffs.size() == 1);
    CHECK(s->diffs[0].name == "balance");
    CHECK(!run.matched());
    CHECK(run.verdict() == "after #3 MoneyWithdrawn $50.00: your balance 250.00, expected 150.00");
    CHECK(s->line == line_of(code, "account.balance = account.balance + event.amount\n  end"));
    CHECK(run.step() == nullptr);
}

TEST_CASE("an ignored deposit is found at the first deposit, a missing owner at the first AccountCreated") {
    BankLog b;
    es::testing::fill_example(b);
    ExerciseRun ignored(Exercise::AccountFold,
                        solution_with("account.balance = account.balance + event.amount", "local _ = 0"), b.log());
    ignored.run_all();
    CHECK(ignored.verdict() == "after #2 MoneyDeposited $200.00: your balance 0.00, expected 200.00");

    ExerciseRun no_owner(Exercise::AccountFold, solution_with("account.owner = event.owner", "local _ = 0"), b.log());
    no_owner.run_all();
    CHECK(no_owner.verdict() == "after #1 AccountCreated alice: your owner (none), expected \"Alice\"");

    // The starting code leaves deposits and withdrawals to the learner.
    ExerciseRun start(Exercise::AccountFold, starting_code(Exercise::AccountFold), b.log());
    start.run_all();
    CHECK(start.steps().back().position == 2);
}

TEST_CASE("a fold that hard-codes the visible answers fails on the generated log, which the message names") {
    BankLog b;
    es::testing::fill_example(b);
    const char* hard_coded = R"(
local balances = {[1] = 0, [2] = 20000, [3] = 15000, [4] = 0, [5] = 3000, [6] = 13000}
function apply(account, event)
  account.exists = true
  account.owner = event.owner or account.owner
  account.balance = balances[event.position] or 0
  return account
end)";
    ExerciseCheck check = check_program(Exercise::AccountFold, hard_coded, b.log());
    CHECK(check.visible_ok);
    CHECK(!check.hidden_ok);
    CHECK(check.message.rfind("on a generated log you have not seen", 0) == 0);
    CHECK(check.message.find("your balance") != std::string::npos);
}

TEST_CASE("errors stop the run at their event: runtime, limits, missing apply, a bad return, a float") {
    BankLog b;
    es::testing::fill_example(b);
    const std::string typo = solution_with("account.balance + event.amount", "account.balanse + event.amount");
    ExerciseRun runtime(Exercise::AccountFold, typo, b.log());
    runtime.run_all();
    REQUIRE(runtime.error());
    CHECK(runtime.error()->kind == CodeError::Kind::Runtime);
    CHECK(runtime.error()->line == line_of(typo, "account.balanse"));
    CHECK(runtime.error()->message.find("attempt to perform arithmetic on a nil value (field 'balanse')") != std::string::npos);
    CHECK(runtime.verdict().rfind("while folding #2 MoneyDeposited $200.00: line 10: ", 0) == 0);
    CHECK(runtime.next_index() == 2);

    ExerciseRun loop(Exercise::AccountFold, solution_with("return account", "while true do end"), b.log(),
                     {}, {}, LuaLimits{200'000, 16u << 20});
    loop.run_all();
    REQUIRE(loop.error());
    CHECK(loop.error()->kind == CodeError::Kind::InstructionLimit);
    CHECK(loop.next_index() == 1);

    ExerciseRun syntax(Exercise::AccountFold, "function apply(a, e)\n  return a +\nend", b.log());
    CHECK(syntax.done());
    REQUIRE(syntax.error());
    CHECK(syntax.error()->kind == CodeError::Kind::Syntax);
    CHECK(syntax.verdict() == "line 3, column 1: unexpected symbol near 'end'");

    ExerciseRun missing(Exercise::AccountFold, "function aply(a, e) return a end", b.log());
    REQUIRE(missing.error());
    CHECK(missing.error()->kind == CodeError::Kind::MissingFunction);
    CHECK(missing.verdict().find("function apply(account, event)") != std::string::npos);

    ExerciseRun number(Exercise::AccountFold, "function apply(a, e) return 5 end", b.log());
    number.run_all();
    REQUIRE(number.error());
    CHECK(number.error()->kind == CodeError::Kind::BadValue);
    CHECK(number.error()->message == "line 1: apply() returned a number: return the table (or nothing, after changing it in place)");

    ExerciseRun decimal(Exercise::AccountFold,
                        solution_with("account.balance + event.amount", "account.balance + event.amount / 1"), b.log());
    decimal.run_all();
    REQUIRE(decimal.error());
    CHECK(decimal.error()->kind == CodeError::Kind::BadValue);
    CHECK(decimal.error()->message.find("balance is 20000.0, a decimal number: money is whole cents") != std::string::npos);
}

TEST_CASE("integer cents at the int64 edges: INT64_MAX folds exactly, an overflow the bank refuses is reported") {
    BankLog b;
    b.run(bank::OpenAccount{"max", "Max", "USD", std::nullopt, es::testing::kTeller})
        .run(bank::Deposit{"max", INT64_MAX, es::testing::kTeller});
    ExerciseRun run(Exercise::AccountFold, solution_code(Exercise::AccountFold), b.log());
    run.run_all();
    CHECK(run.matched());
    CHECK(run.steps().back().yours.front().value == "92233720368547758.07");

    // A forged log deposits one more cent: Lua's integers wrap around, the bank's fold refuses.
    EventList forged = b.log().to_list();
    RecordedEvent more = forged.back();
    more.global_position = 3;
    more.stream_version = 3;
    more.data["amountCents"] = 1;
    forged.push_back(more);
    ExerciseRun over(Exercise::AccountFold, solution_code(Exercise::AccountFold), forged);
    over.run_all();
    CHECK(!over.matched());
    CHECK(over.steps().back().yours.front().value == "-92233720368547758.08");
    CHECK(over.verdict().rfind("after #3 MoneyDeposited $0.01: the bank's own fold refuses this event (", 0) == 0);
    CHECK(over.verdict().find("overflows the balance") != std::string::npos);
}

TEST_CASE("without steps kept, a long run holds only its last step") {
    BankLog b;
    es::testing::fill_example(b);
    ExerciseRun run(Exercise::AccountFold, solution_code(Exercise::AccountFold), b.log());
    run.keep_steps(false);
    run.run_all();
    CHECK(run.matched());
    REQUIRE(run.steps().size() == 1);
    CHECK(run.steps()[0].position == 6);
}

}  // namespace ES_TEST_FILE_ID
