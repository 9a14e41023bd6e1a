// The ReadModel and DomainFold exercises: reference read models per event, the hidden log, and
// the capstone's own checks (three types, no error, a state that changes with every event).
#include <doctest/doctest.h>

#include "learn/exercise_code.h"
#include "learn/exercise_logs.h"
#include "learn/fold_exercise.h"
#include "learn_fixture.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::learn;
using es::testing::BankLog;

TEST_CASE("both reference read models: the solutions match on the visible and the hidden log") {
    BankLog b;
    es::testing::fill_example(b);
    for (const std::string& model : read_model_names()) {
        CAPTURE(model);
        ExerciseRun run(Exercise::ReadModel, solution_code(Exercise::ReadModel, model), b.log(), {}, model);
        run.run_all();
        CHECK_MESSAGE(run.matched(), run.verdict());
        CHECK(run.verdict() == "your read model matches all 6 events");
        ExerciseCheck check = check_program(Exercise::ReadModel, solution_code(Exercise::ReadModel, model), b.log(), {}, model);
        CHECK(check.visible_ok);
        CHECK(check.hidden_ok);
        // The starting code does not build the model yet.
        CHECK(!check_program(Exercise::ReadModel, starting_code(Exercise::ReadModel, model), b.log(), {}, model).visible_ok);
    }
    ExerciseRun largest(Exercise::ReadModel, solution_code(Exercise::ReadModel, "largest-withdrawal"), b.log(), {},
                        "largest-withdrawal");
    largest.run_all();
    CHECK(largest.keys() == std::vector<std::string>{"alice"});
    REQUIRE(largest.final_state("").size() == 1);
    CHECK(largest.final_state("alice")[0].value == "50.00");
    ExerciseRun by_actor(Exercise::ReadModel, solution_code(Exercise::ReadModel, "deposits-by-actor"), b.log(), {},
                         "deposits-by-actor");
    by_actor.run_all();
    CHECK(by_actor.keys() == std::vector<std::string>{"atm", "teller"});
    CHECK(by_actor.expected_state("teller")[0].value == "200.00");
}

TEST_CASE("a read model that sums instead of keeping the largest is found at the account's second withdrawal") {
    BankLog b;
    es::testing::fill_example(b);
    const char* sums = R"(function project(model, event)
  if event.type == "MoneyWithdrawn" then
    model[event.accountId] = (model[event.accountId] or 0) + event.amount
  end
end)";
    ExerciseRun run(Exercise::ReadModel, sums, b.log(), {}, "largest-withdrawal");
    run.run_all();
    CHECK(run.verdict() == "after #6 MoneyWithdrawn $20.00: your alice 70.00, expected 50.00");
    CHECK(run.steps().back().line == 3);
}

TEST_CASE("a read model with a row the reference lacks, or missing one, says which") {
    BankLog b;
    es::testing::fill_example(b);
    ExerciseRun extra(Exercise::ReadModel, "function project(m, e) m[e.type] = 1 end", b.log(), {}, "deposits-by-actor");
    extra.run_all();
    CHECK(extra.verdict() == "after #1 AccountCreated alice: your AccountCreated 0.01, expected (none)");
    ExerciseRun none(Exercise::ReadModel, "function project(m, e) end", b.log(), {}, "deposits-by-actor");
    none.run_all();
    CHECK(none.verdict() == "after #2 MoneyDeposited $200.00: your teller (none), expected 200.00");
}

TEST_CASE("generated logs are the same for the same seed and differ between seeds") {
    EventList a = generated_bank_log(7), b = generated_bank_log(7), c = generated_bank_log(8);
    CHECK(a == b);
    CHECK(a != c);
    CHECK(a.size() == 60);
    ExerciseRun run(Exercise::AccountFold, solution_code(Exercise::AccountFold), a);
    run.run_all();
    CHECK_MESSAGE(run.matched(), run.verdict());
}

TEST_CASE("the capstone fold: three types, no error, and a state that changes with each event") {
    EventList log = es::testing::free_form_log({"SeatReserved", "PaymentReceived", "TicketIssued", "SeatReserved"});
    ExerciseRun run(Exercise::DomainFold, solution_code(Exercise::DomainFold), log);
    run.run_all();
    CHECK_MESSAGE(run.matched(), run.verdict());
    CHECK(run.verdict() == "your fold ran over all 4 events of 3 types, and each one changed the state");
    CHECK(run.keys() == std::vector<std::string>{"booking-1"});
    CHECK(run.steps().back().expected.empty());
    ExerciseCheck check = check_program(Exercise::DomainFold, solution_code(Exercise::DomainFold), log, "booking-1");
    CHECK(check.visible_ok);
    CHECK(check.hidden_ok);

    const char* ignores_payment = R"(function apply(state, event)
  if event.type ~= "PaymentReceived" then state[event.type] = event.text end
end)";
    ExerciseRun unchanged(Exercise::DomainFold, ignores_payment, log, "booking-1");
    unchanged.run_all();
    CHECK(!unchanged.matched());
    CHECK(unchanged.verdict() == "after #2 PaymentReceived \"t2\": your state did not change; every event of your domain should change it");

    ExerciseRun two(Exercise::DomainFold, solution_code(Exercise::DomainFold),
                    es::testing::free_form_log({"LoanStarted", "LoanEnded"}));
    two.run_all();
    CHECK(!two.matched());
    CHECK(two.verdict() == "your stream has 2 event types (LoanEnded, LoanStarted): record events of at least 3 types");

    ExerciseRun empty(Exercise::DomainFold, solution_code(Exercise::DomainFold), EventList{}, "booking-1");
    CHECK(empty.done());
    CHECK(!empty.matched());
    CHECK(empty.verdict() == "no events on booking-1 yet: record some first");
}

}  // namespace ES_TEST_FILE_ID
