// Each goal kind against a log that meets it and one that nearly does (the wrong amount, no
// reason, a conflict never retried, a check never run...): a goal is met by what is in the store,
// never by something close to it.
#include <doctest/doctest.h>

#include "lessons/lesson_run.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using namespace es::lessons;

namespace {

Lesson blank_lesson() {
    Lesson l;
    l.id = "test";
    l.file = "test.json";
    Question q;
    q.id = "q";
    q.prompt = "?";
    q.choices = {{"right", true, "yes"}, {"wrong", false, "no"}};
    l.questions.push_back(q);
    return l;
}

Goal goal(const std::string& json) {
    // The same parser as the files, through a one-step lesson.
    Json lesson = {{"id", "g"}, {"order", 1}, {"title", "t"}, {"summary", "s"}, {"explanation", {"e"}}, {"reading", {"fowler"}},
                   {"questions", Json::parse(R"([{"id":"q","prompt":"?","choices":[{"text":"right","correct":true,"explanation":"y"},{"text":"wrong","correct":false,"explanation":"n"}]}])")},
                   {"steps", Json::array({Json{{"instruction", "i"}, {"goal", Json::parse(json)}, {"hints", {"h"}},
                                               {"solution", Json::array({Json{{"do", "back_to_now"}}})}}})}};
    auto parsed = parse_lesson(lesson, "g.json");
    REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
    return parsed->steps[0].goal;
}

// Time travel to each of `positions` in turn.
ViewRequest travel(std::vector<uint64_t> positions) {
    ViewRequest r;
    r.travel = std::move(positions);
    return r;
}

struct Fixture {
    Lesson lesson = blank_lesson();
    LessonRun run{lesson};
    Fixture() { REQUIRE(run.start().ok()); }
    void cmd(const std::string& json) {
        Action a;
        a.kind = Action::Kind::Command;
        a.command = Json::parse(json);
        auto v = run.perform(a);
        REQUIRE_MESSAGE(v.ok(), (v.ok() ? "" : v.error().message));
    }
    void open(const std::string& id) {
        cmd(R"({"type":"OpenAccount","accountId":")" + id + R"(","owner":"O","currency":"USD","actor":"learner"})");
    }
    void deposit(const std::string& id, const std::string& amount, const std::string& extra = "") {
        cmd(R"({"type":"Deposit","accountId":")" + id + R"(","amount":")" + amount + R"(","actor":"learner")" + extra + "}");
    }
    bool met(const std::string& g) { return run.check(goal(g)).met; }
};

}  // namespace

TEST_CASE("event: type, account, amount, actor, reason must all match") {
    Fixture f;
    f.open("alice");
    const std::string g = R"({"kind":"event","type":"MoneyDeposited","account":"alice","amount_cents":10000,"reason_required":true,"actor":"teller-1"})";
    f.deposit("alice", "99.99", R"(,"actor":"teller-1","reason":"cash")");
    f.deposit("alice", "100.00", R"(,"reason":"cash")");  // actor "learner"
    f.cmd(R"({"type":"Deposit","accountId":"alice","amount":"100.00","actor":"teller-1"})");  // no reason
    CHECK_FALSE(f.met(g));
    f.cmd(R"({"type":"Deposit","accountId":"alice","amount":"100.00","actor":"teller-1","reason":"cash"})");
    CHECK(f.met(g));
}

TEST_CASE("event: min_count, distinct_types and text length on a free-form stream") {
    Fixture f;
    const std::string g = R"({"kind":"event","stream_prefix":"day-","min_count":3,"distinct_types":3,"text_min_length":5})";
    REQUIRE(f.run.record("day-me", "WokeUp", "07:00", "alarm rang").ok());
    REQUIRE(f.run.record("day-me", "WokeUp", "07:05", "again").ok());
    REQUIRE(f.run.record("other", "AteBreakfast", "07:30", "toast and tea").ok());
    CHECK_FALSE(f.met(g));  // three events, but two types on day-
    REQUIRE(f.run.record("day-me", "AteBreakfast", "07:30", "ok").ok());  // text too short: not counted
    CHECK_FALSE(f.met(g));
    REQUIRE(f.run.record("day-me", "StartedLearning", "08:00", "event sourcing").ok());
    CHECK_FALSE(f.met(g));  // WokeUp, WokeUp, StartedLearning: two types among the long texts
    REQUIRE(f.run.record("day-me", "AteBreakfast", "07:45", "porridge").ok());
    CHECK(f.met(g));
}

TEST_CASE("record refuses a bad type, time or stream and writes nothing") {
    Fixture f;
    CHECK_FALSE(f.run.record("day-me", "woke up", "07:00", "x").ok());
    CHECK_FALSE(f.run.record("day-me", "WokeUp", "25:00", "x").ok());
    CHECK_FALSE(f.run.record("account-alice", "WokeUp", "07:00", "x").ok());
    CHECK(f.run.last_message().find("account streams hold bank events only") != std::string::npos);
    CHECK(f.run.sandbox().store().head_position() == 0);
}

TEST_CASE("balance: the read model's balance, exactly") {
    Fixture f;
    f.open("alice");
    f.deposit("alice", "49.99");
    CHECK_FALSE(f.met(R"({"kind":"balance","account":"alice","cents":5000})"));
    f.deposit("alice", "0.01");
    CHECK(f.met(R"({"kind":"balance","account":"alice","cents":5000})"));
    CHECK_FALSE(f.met(R"({"kind":"balance","account":"bob","cents":0})"));
}

TEST_CASE("rejected: a business rule's refusal, not a malformed or unknown-account command") {
    Fixture f;
    f.open("alice");
    f.deposit("alice", "50.00");
    const std::string g = R"({"kind":"rejected","command":"Withdraw"})";
    // An account that does not exist is NotFound, not a business rule.
    (void)f.run.sandbox().execute(bank::Withdraw{"nobody", 100, {"learner", "", std::nullopt}});
    CHECK_FALSE(f.met(g));
    f.cmd(R"({"type":"Withdraw","accountId":"alice","amount":"10.00","actor":"learner"})");
    CHECK_FALSE(f.met(g));
    f.cmd(R"({"type":"Withdraw","accountId":"alice","amount":"80.00","actor":"learner"})");
    CHECK(f.met(g));
    CHECK(f.run.sandbox().store().head_position() == 3);
}

TEST_CASE("conflict_resolved: the conflict alone is not enough, the retry must carry an expected version") {
    Fixture f;
    f.open("alice");
    f.deposit("alice", "100.00");
    const std::string g = R"({"kind":"conflict_resolved","account":"alice"})";
    f.cmd(R"({"type":"Withdraw","accountId":"alice","amount":"20.00","actor":"learner","expectedVersion":1})");
    CHECK_FALSE(f.met(g));
    f.deposit("alice", "1.00");  // no expected version: not a retry that checked
    CHECK_FALSE(f.met(g));
    f.cmd(R"({"type":"Withdraw","accountId":"alice","amount":"20.00","actor":"learner","expectedVersion":3})");
    CHECK(f.met(g));
}

TEST_CASE("time_travel and stepped_through read the view facts") {
    Fixture f;
    f.open("alice");
    f.deposit("alice", "100.00");
    f.deposit("alice", "20.00");
    const std::string g = R"({"kind":"time_travel","account":"alice","balance_cents":10000})";
    CHECK_FALSE(f.met(g));  // at now: 120.00
    ViewFacts& facts = f.run.facts();
    apply_to_facts(travel({1}), 3, facts);
    CHECK_FALSE(f.met(g));  // 0.00 at position 1
    apply_to_facts(travel({2}), 3, facts);
    CHECK(f.met(g));
    CHECK_FALSE(f.met(R"({"kind":"stepped_through","account":"alice"})"));  // 3 not seen
    apply_to_facts(travel({3}), 3, facts);
    CHECK(f.met(R"({"kind":"stepped_through","account":"alice"})"));
    CHECK_FALSE(f.met(g));  // position 3 is now again
}

TEST_CASE("replay_stepped: every event of the account shown by the replay stepper, and step_replay does it") {
    Fixture f;
    f.open("alice");
    f.open("bob");
    f.deposit("alice", "100.00");
    const std::string g = R"({"kind":"replay_stepped","account":"alice"})";
    CHECK_FALSE(f.met(g));
    ViewFacts& facts = f.run.facts();
    apply_to_facts(travel({1, 3}), 3, facts);
    CHECK_FALSE(f.met(g));  // time travel is not the stepper
    facts.replay_seen = {1, 2};
    CHECK_FALSE(f.met(g));  // 2 is bob's; alice's 3 not seen
    CHECK(f.run.check(goal(g)).detail == "1 of 2 of alice's events folded in the Replay stepper");
    Action a;
    a.kind = Action::Kind::StepReplay;
    a.account = "alice";
    auto v = f.run.perform(a);
    REQUIRE(v.ok());
    CHECK(v->open_windows == std::vector<std::string>{"replay"});
    CHECK(v->replay_account == "alice");
    CHECK(v->replay_steps == std::vector<uint64_t>{1, 3});
    apply_to_facts(*v, 3, facts);
    CHECK(f.met(g));
    a.account = "carol";
    CHECK(f.run.perform(a).error().code == ErrorCode::NotFound);
}

TEST_CASE("projection: version, rebuild and agreement with a replay") {
    Fixture f;
    f.open("alice");
    f.open("bob");
    f.deposit("alice", "100.00");
    f.cmd(R"({"type":"Transfer","fromAccountId":"alice","toAccountId":"bob","amount":"40.00","actor":"learner"})");
    const std::string broken = R"({"kind":"projection","name":"balances","version":1,"rebuilt":true,"matches_replay":false})";
    const std::string fixed = R"({"kind":"projection","name":"balances","version":2,"rebuilt":true,"matches_replay":true})";
    CHECK_FALSE(f.met(broken));
    CHECK_FALSE(f.met(fixed));  // right, but never rebuilt
    f.run.sandbox().set_balances_version(1);
    CHECK_FALSE(f.met(broken));  // switched, not rebuilt: still what v2 folded
    REQUIRE(f.run.sandbox().rebuild_projection("balances").ok());
    CHECK(f.met(broken));
    f.run.sandbox().set_balances_version(2);
    CHECK_FALSE(f.met(fixed));
    REQUIRE(f.run.sandbox().rebuild_projection("balances").ok());
    CHECK(f.met(fixed));
    CHECK_FALSE(f.met(R"({"kind":"projection","name":"daily-totals"})"));
    REQUIRE(f.run.sandbox().add_projection("daily-totals").ok());
    CHECK(f.met(R"({"kind":"projection","name":"daily-totals"})"));
    CHECK(f.run.sandbox().daily_totals()->to_json()["days"].size() == 2);  // the old history, folded
}

TEST_CASE("caught_up: the read models' real lag rose above 0 and came back to 0") {
    Fixture f;
    f.open("alice");
    const std::string g = R"({"kind":"caught_up"})";
    CHECK_FALSE(f.met(g));  // off: never behind
    Action on;
    on.kind = Action::Kind::Eventual;
    on.on = true;
    on.release_on_request = true;
    REQUIRE(f.run.perform(on).ok());
    CHECK(f.run.sandbox().eventual().release() == sandbox::EventualFeed::Release::OnRequest);
    CHECK_FALSE(f.met(g));  // on, but nothing written since
    f.deposit("alice", "10.00");
    CHECK(f.run.sandbox().eventual().lag() == 1);
    f.run.sandbox().eventual().pump(0.0);  // a frame sees the lag
    CHECK_FALSE(f.met(g));
    CHECK(f.run.check(goal(g)).detail.find("1 event(s) behind") != std::string::npos);
    Action catch_up;
    catch_up.kind = Action::Kind::CatchUp;
    REQUIRE(f.run.perform(catch_up).ok());
    CHECK(f.run.sandbox().eventual().lag() == 0);
    CHECK(f.met(g));
    on.on = false;
    REQUIRE(f.run.perform(on).ok());
    CHECK_FALSE(f.run.sandbox().eventual().on());
    CHECK(f.met(g));  // what happened stays true
}

TEST_CASE("snapshot: a snapshot that saves folding") {
    Fixture f;
    f.open("alice");
    for (int i = 0; i < 5; ++i) f.deposit("alice", "1.00");
    const std::string g = R"({"kind":"snapshot","account":"alice","max_replayed":1})";
    CHECK_FALSE(f.met(g));
    f.run.sandbox().set_snapshot_every(4);
    f.deposit("alice", "1.00");  // version 7
    f.deposit("alice", "1.00");  // version 8: a snapshot
    f.deposit("alice", "1.00");
    f.deposit("alice", "1.00");  // 2 after the snapshot
    CHECK_FALSE(f.met(g));
    f.deposit("alice", "1.00");
    f.deposit("alice", "1.00");  // version 12: a new snapshot
    CHECK(f.met(g));
    // Counted, never timed: the same words on any machine, and nothing is measured to say them.
    CHECK(f.run.check(goal(g)).detail == "loading alice folds 0 events after the snapshot at stream version 12 instead of 12");
}

TEST_CASE("upcast: a stored v1 deposit, read as v2, a v2 deposit does not count") {
    Fixture f;
    f.open("alice");
    f.deposit("alice", "30.00");
    CHECK_FALSE(f.met(R"({"kind":"upcast","account":"alice"})"));
    CHECK_FALSE(f.run.legacy_deposit("bob", "20.00").ok());
    REQUIRE(f.run.legacy_deposit("alice", "20.00").ok());
    CHECK(f.met(R"({"kind":"upcast","account":"alice"})"));
    CHECK(f.met(R"({"kind":"balance","account":"alice","cents":5000})"));
}

TEST_CASE("tamper_detected: the change, then the check, at that position") {
    Fixture f;
    f.open("alice");
    f.deposit("alice", "100.00");
    f.deposit("alice", "5.00");
    const std::string g = R"({"kind":"tamper_detected"})";
    f.run.verify();
    CHECK_FALSE(f.met(g));  // nothing changed: the check passes
    CHECK_FALSE(f.run.tamper(1, "5.00").ok());  // AccountCreated has no amount
    REQUIRE(f.run.tamper(2, "1000.00").ok());
    CHECK_FALSE(f.met(g));  // not checked yet
    CHECK(f.run.verify().first_bad_position == 2);
    CHECK(f.met(g));
    // The store's own copy is as it was: only the stored record changed.
    CHECK(f.run.sandbox().store().recorded_log()[1].data["amountCents"] == 10000);
}

TEST_CASE("digest_detected: a saved digest catches a rewrite that the rehashed chain hides") {
    Fixture f;
    f.open("alice");
    f.deposit("alice", "100.00");
    f.deposit("alice", "5.00");
    const std::string g = R"({"kind":"digest_detected"})";
    CHECK(f.run.check_digest().problem.find("save one first") != std::string::npos);
    CHECK_FALSE(f.met(g));  // no digest saved
    f.run.save_digest();
    REQUIRE(f.run.digest_state().saved.has_value());
    CHECK(f.run.digest_state().saved->position == 3);
    CHECK(f.run.check_digest().ok);  // nothing changed yet
    CHECK_FALSE(f.met(g));

    // A careless change: the chain check catches it already, which is not this goal.
    REQUIRE(f.run.tamper(2, "1000.00").ok());
    CHECK_FALSE(f.run.verify().ok);
    CHECK_FALSE(f.met(g));

    // The whole chain rehashed: the chain check passes...
    REQUIRE(f.run.tamper(2, "5000.00", /*rehash=*/true).ok());
    CHECK_FALSE(f.met(g));  // not checked yet
    CHECK(f.run.verify().ok);
    CHECK_FALSE(f.met(g));  // the digest not compared yet
    // ...but not the digest, which names the position it vouched for.
    const DigestCheck& c = f.run.check_digest();
    CHECK_FALSE(c.ok);
    CHECK(c.first_bad_position == 3);
    CHECK(c.problem.find("at or before position 3") != std::string::npos);
    CHECK(f.met(g));
    // The current digest is the stored log's: it now vouches for the rewritten history.
    CHECK(f.run.current_digest().hash != f.run.digest_state().saved->hash);
    CHECK(f.run.sandbox().store().recorded_log()[1].data["amountCents"] == 10000);
}

TEST_CASE("answered, window and sequence") {
    Fixture f;
    CHECK_FALSE(f.met(R"({"kind":"answered","question":"q"})"));
    f.run.answer("q", 1);
    CHECK_FALSE(f.met(R"({"kind":"answered","question":"q"})"));
    f.run.answer("q", 0);
    CHECK(f.met(R"({"kind":"answered","question":"q"})"));

    CHECK_FALSE(f.met(R"({"kind":"window","window":"crud"})"));
    f.run.facts().open_windows.insert("crud");
    CHECK(f.met(R"({"kind":"window","window":"crud"})"));

    f.open("alice");
    const std::string command = R"({"kind":"sequence","trace":"command","command":"OpenAccount"})";
    CHECK_FALSE(f.met(command));  // the diagram is closed
    f.run.facts().open_windows.insert("sequence");
    CHECK_FALSE(f.met(command));  // not played through to the last message
    f.run.facts().sequence_played_to_end = true;
    CHECK(f.met(command));
    CHECK_FALSE(f.met(R"({"kind":"sequence","trace":"command","command":"Deposit"})"));
    CHECK_FALSE(f.met(R"({"kind":"sequence","trace":"replay"})"));
    f.run.sandbox().trace_replay("alice");
    CHECK(f.met(R"({"kind":"sequence","trace":"replay"})"));

    // A refused command's trace never meets a goal about a command: nothing reached the store.
    REQUIRE_FALSE(f.run.sandbox().execute(es::bank::Deposit{"nobody", 100, {"learner", "", std::nullopt}}).ok());
    f.run.facts().sequence_played_to_end = true;
    const GoalCheck refused = f.run.check(goal(R"({"kind":"sequence","trace":"command","command":"Deposit"})"));
    CHECK_FALSE(refused.met);
    CHECK(refused.detail.find("refused") != std::string::npos);
}

TEST_CASE("a lesson is complete only when every question is answered correctly") {
    Lesson lesson = blank_lesson();
    LessonRun run(lesson);
    REQUIRE(run.start().ok());
    CHECK(run.steps_complete());  // no steps
    CHECK_FALSE(run.complete());
    run.answer("q", 1);
    CHECK_FALSE(run.complete());
    run.answer("q", 0);
    CHECK(run.complete());
}

TEST_CASE("restore refuses progress that does not fit the lesson") {
    Lesson lesson = blank_lesson();
    LessonRun run(lesson);
    CHECK_FALSE(run.restore(Json{{"lesson", "other"}}).ok());
    auto bad = run.restore(Json{{"lesson", "test"}, {"stepsDone", 0}, {"hintsShown", 0}, {"answers", Json::object()}, {"log", "{broken\n"}});
    REQUIRE_FALSE(bad.ok());
    CAPTURE(bad.error().message);
    CHECK(bad.error().message.find("event 1") != std::string::npos);
}

TEST_CASE("free-form events do not stop the bank's read models, and come back after a reload") {
    Fixture f;
    REQUIRE(f.run.record("day-me", "WokeUp", "07:00", "alarm rang").ok());
    f.open("alice");
    f.deposit("alice", "10.00");
    CHECK_FALSE(f.run.sandbox().store().last_delivery_error().has_value());
    CHECK(f.met(R"({"kind":"balance","account":"alice","cents":1000})"));
    LessonRun again(f.lesson);
    REQUIRE(again.restore(f.run.progress_json()).ok());
    CHECK(again.sandbox().problem().empty());
    CHECK(again.sandbox().store().recorded_log().size() == 3);
    CHECK(again.sandbox().balances().balance_of("alice") == 1000);
}

}  // namespace ES_TEST_FILE_ID
