// The Draw it exercise's cards: dealt from the real trace of the last accepted command (or a
// replay), shuffled the same way for the same seed and never in order, moved slot to slot, and
// checked: the cards that stay green are the longest run in order, and each misplaced one is
// explained by the causal rule its place breaks.
#include <doctest/doctest.h>

#include <string>

#include "sandbox/diagram_cards.h"
#include "sandbox/sandbox.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es;
using sandbox::DiagramCards;
using sandbox::DiagramSource;

namespace {

const bank::CommandMeta kMeta{"learner", "", std::nullopt};

// A sandbox where alice opened and got a deposit (the deposit is the last accepted command).
struct Bank {
    sandbox::Sandbox s{false};
    Bank() {
        REQUIRE(s.open({}, {}).ok());
        REQUIRE(s.execute(bank::OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta}).ok());
        REQUIRE(s.execute(bank::Deposit{"alice", 10000, kMeta}).ok());
    }
};

// Puts the cards in the trace's order, one move at a time.
void arrange(DiagramCards& cards) {
    for (const DiagramCards::Move& m : cards.moves_into_place()) REQUIRE(cards.move(m.from, m.to));
}

size_t slot_of(const DiagramCards& cards, const std::string& label_start) {
    for (size_t i = 0; i < cards.size(); ++i)
        if (cards.cards()[i].label.rfind(label_start, 0) == 0) return i;
    FAIL("no card starting \"" << label_start << "\"");
    return 0;
}

}  // namespace

TEST_CASE("the cards are the last accepted command's trace, shuffled by the seed, never in order") {
    Bank b;
    const Trace trace = sandbox::diagram_trace(b.s, DiagramSource::Command, "");
    REQUIRE(trace.messages().size() == 11);
    CHECK(trace.title() == "Deposit");
    for (uint64_t seed = 0; seed < 50; ++seed) {
        INFO("seed " << seed);
        DiagramCards cards(trace, seed);
        REQUIRE(cards.size() == 11);
        CHECK_FALSE(cards.check().all_in_place());
        DiagramCards again(trace, seed);
        for (size_t i = 0; i < cards.size(); ++i) CHECK(cards.cards()[i].label == again.cards()[i].label);
    }
    // Every message is a card, with the Sequence diagram's arrow and words.
    DiagramCards cards(trace, 7);
    arrange(cards);
    for (size_t i = 0; i < trace.messages().size(); ++i) {
        CHECK(cards.cards()[i].label == trace.messages()[i].text);
        CHECK(cards.cards()[i].from == trace.messages()[i].from);
        CHECK(cards.cards()[i].to == trace.messages()[i].to);
        CHECK(cards.cards()[i].reply == trace.messages()[i].reply);
    }
    const sandbox::DiagramCheck check = cards.check();
    CHECK(check.all_in_place());
    CHECK(check.summary == "all 11 cards in place");
}

TEST_CASE("a refused command or a replay leaves the last accepted command's cards, none before the first") {
    sandbox::Sandbox s(false);
    REQUIRE(s.open({}, {}).ok());
    CHECK(sandbox::diagram_trace(s, DiagramSource::Command, "").empty());
    REQUIRE(s.execute(bank::OpenAccount{"alice", "Alice", "USD", std::nullopt, kMeta}).ok());
    CHECK_FALSE(s.execute(bank::Withdraw{"alice", 500, kMeta}).ok());
    s.trace_replay("alice");
    const Trace trace = sandbox::diagram_trace(s, DiagramSource::Command, "");
    CHECK(trace.title() == "OpenAccount");
    CHECK(trace.accepted());
    CHECK(sandbox::diagram_trace(s, DiagramSource::Replay, "nobody").empty());
}

TEST_CASE("moving a card takes it out of its slot and puts it in another, the cards between shift") {
    Bank b;
    DiagramCards cards(sandbox::diagram_trace(b.s, DiagramSource::Command, ""), 3);
    const std::string first = cards.cards()[0].label, second = cards.cards()[1].label, last = cards.cards()[10].label;
    REQUIRE(cards.move(0, 10));
    CHECK(cards.cards()[10].label == first);
    CHECK(cards.cards()[0].label == second);
    CHECK(cards.cards()[9].label == last);
    CHECK_FALSE(cards.move(3, 3));
    CHECK_FALSE(cards.move(0, 11));
    REQUIRE(cards.move(10, 0));
    CHECK(cards.cards()[0].label == first);
}

TEST_CASE("one card in the wrong place is one misplaced card, explained by the rule it breaks") {
    Bank b;
    DiagramCards cards(sandbox::diagram_trace(b.s, DiagramSource::Command, ""), 11);
    arrange(cards);
    // Two neighbours the wrong way round: either may be the one marked, the rule is the same.
    SUBCASE("a read model sees the event before it is stored") {
        REQUIRE(cards.move(slot_of(cards, "MoneyDeposited #2 ->"), slot_of(cards, "stored at")));
        const sandbox::DiagramCheck check = cards.check();
        CHECK(check.misplaced == 1);
        CHECK_FALSE(check.all_in_place());
        CHECK(check.summary.rfind("1 of 11 cards misplaced: \"", 0) == 0);
        CHECK(check.summary.find("\": the event must be stored before any read model sees it") != std::string::npos);
    }
    SUBCASE("the append before the aggregate has decided") {
        REQUIRE(cards.move(slot_of(cards, "append"), slot_of(cards, "decide(")));
        const sandbox::DiagramCheck check = cards.check();
        CHECK(check.misplaced == 1);
        CHECK(check.cards[slot_of(cards, "append")].why.find("the aggregate decides before anything is stored") != std::string::npos);
    }
    SUBCASE("the aggregate loaded before the command reached the handler") {
        REQUIRE(cards.move(slot_of(cards, "read account-alice"), 0));
        const sandbox::DiagramCheck check = cards.check();
        CHECK(check.misplaced == 1);
        CHECK(check.summary.find("\": the command reaches the handler before the aggregate is loaded") != std::string::npos);
    }
    SUBCASE("the answer first: one card dragged to the top is one misplaced card, not eleven") {
        REQUIRE(cards.move(10, 0));
        const sandbox::DiagramCheck check = cards.check();
        CHECK(check.misplaced == 1);
        CHECK_FALSE(check.cards[0].in_place);
        CHECK(check.cards[0].why ==
              "belongs after \"MoneyDeposited #2 -> bank-log v1, balances v2, account-list v1, audit-trail v1\": the user hears "
              "\"accepted\" only after the store has stored the events and handed them on");
        for (size_t i = 1; i < check.cards.size(); ++i) CHECK(check.cards[i].in_place);
    }
    SUBCASE("a reply before its call") {
        REQUIRE(cards.move(slot_of(cards, "new event(s)"), slot_of(cards, "decide(")));
        const sandbox::DiagramCheck check = cards.check();
        CHECK(check.misplaced == 1);
        bool explained = false;
        for (const auto& v : check.cards) explained = explained || v.why.find("after the call it answers") != std::string::npos;
        CHECK(explained);
    }
}

TEST_CASE("every misplaced card of a shuffled deal says which card it belongs before or after, and why") {
    Bank b;
    for (uint64_t seed = 0; seed < 30; ++seed) {
        INFO("seed " << seed);
        DiagramCards cards(sandbox::diagram_trace(b.s, DiagramSource::Command, ""), seed);
        const sandbox::DiagramCheck check = cards.check();
        REQUIRE(check.cards.size() == cards.size());
        CHECK(check.misplaced > 0);
        for (const auto& v : check.cards) {
            if (v.in_place) continue;
            CHECK((v.why.rfind("belongs before \"", 0) == 0 || v.why.rfind("belongs after \"", 0) == 0));
            CHECK(v.why.find("\": ") != std::string::npos);
        }
        arrange(cards);
        CHECK(cards.check().all_in_place());
    }
}

TEST_CASE("the replay variant: read, each event folded in stream order, then the current state") {
    Bank b;
    REQUIRE(b.s.execute(bank::Withdraw{"alice", 2500, kMeta}).ok());
    REQUIRE(b.s.execute(bank::Deposit{"alice", 100, kMeta}).ok());
    const Trace& before = b.s.last_trace();
    const uint64_t serial = before.serial();
    const Trace trace = sandbox::diagram_trace(b.s, DiagramSource::Replay, "alice");
    CHECK(b.s.last_trace().serial() == serial);  // the sandbox's own trace is left alone
    CHECK(trace.kind() == Trace::Kind::Replay);
    // request, read, the events, 3 folds and states, the 4th summed up with its state, the answer
    REQUIRE(trace.messages().size() == 3 + 2 * 3 + 2 + 1);
    CHECK(trace.messages()[9].text == "evolve x 1 more event(s)");
    DiagramCards cards(trace, 5);
    arrange(cards);
    CHECK(cards.check().all_in_place());
    // The second event folded before the first.
    REQUIRE(cards.move(slot_of(cards, "evolve(state, MoneyDeposited #2)"), slot_of(cards, "evolve(state, AccountCreated #1)")));
    const sandbox::DiagramCheck check = cards.check();
    CHECK(check.misplaced >= 1);
    bool stream_order = false;
    for (const auto& v : check.cards) stream_order = stream_order || v.why.find("replay folds events in stream order") != std::string::npos;
    CHECK(stream_order);
}

TEST_CASE("cards with the same arrow and words are interchangeable") {
    Trace trace;
    trace.begin(Trace::Kind::Command, "Twice");
    trace.add(Lifeline::User, Lifeline::CommandHandler, "go");
    trace.add(Lifeline::CommandHandler, Lifeline::EventStore, "read account-a");
    trace.add(Lifeline::CommandHandler, Lifeline::EventStore, "read account-a");
    trace.add(Lifeline::CommandHandler, Lifeline::User, "done", true);
    DiagramCards cards(trace, 1);
    arrange(cards);
    CHECK(cards.check().all_in_place());
    CHECK_FALSE(cards.move(1, 1));
    REQUIRE(cards.move(1, 2));  // the two reads change places: still the same diagram
    CHECK(cards.check().all_in_place());
    CHECK(cards.moves_into_place().empty());
}

TEST_CASE("source names as lesson files write them") {
    DiagramSource s = DiagramSource::Command;
    CHECK(sandbox::parse_diagram_source("replay", s));
    CHECK(s == DiagramSource::Replay);
    CHECK(std::string(sandbox::diagram_source_name(s)) == "replay");
    CHECK(sandbox::parse_diagram_source("command", s));
    CHECK(s == DiagramSource::Command);
    CHECK_FALSE(sandbox::parse_diagram_source("Command", s));
}

}  // namespace ES_TEST_FILE_ID
