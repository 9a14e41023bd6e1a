// `es-sandbox demo`: the classic first exercise of event sourcing, in memory. Open an account,
// deposit 100.00, withdraw 50.00, try an overdraft the bank refuses; then show that the events
// are the only thing stored and that the state is nothing but their replay, step by step.
// A fixed clock and seeded ids make the output the same on every run (docs/CLI.md shows it).
#include <ostream>

#include "bank/bank.h"
#include "bank/money.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/event_table.h"
#include "storage/memory_storage.h"

namespace es::cli {

namespace {

const char* const kDemoHelp =
    "Usage: es-sandbox demo\n"
    "\n"
    "Runs the classic event-sourcing exercise in memory (nothing is saved): opens account\n"
    "'alice', deposits 100.00, withdraws 50.00 and tries a withdrawal the bank refuses. Prints\n"
    "the event history (position, time, stream, type, amount, actor, reason) and the account\n"
    "state rebuilt by replaying the events one at a time.\n"
    "\n"
    "Options:\n"
    "  -h, --help   show this help\n";

constexpr int64_t kDemoStartMs = 1767603600000;  // 2026-01-05T09:00:00Z

bank::CommandMeta meta(const char* actor, const char* reason) { return bank::CommandMeta{actor, reason, {}}; }

}  // namespace

int run_demo(const Args& args, Io& io) {
    ParsedArgs parsed;
    int code = kExitOk;
    if (!parse_or_exit(ArgSpec{"demo", {}, {}, 0, 0, ""}, args, kDemoHelp, io, parsed, code)) return code;

    MemoryStorage storage;
    ManualClock clock(kDemoStartMs);
    UuidGenerator ids(20260105);
    EventStore store(storage, clock, ids);
    if (auto s = store.open(); !s.ok()) {
        io.err << "es-sandbox demo: " << s.error().message << "\n";
        return kExitFailed;
    }
    bank::Bank bank(store);

    struct Step {
        bank::Command command;
        const char* says;
    };
    const Step steps[] = {
        {bank::OpenAccount{"alice", "Alice", "USD", std::nullopt, meta("alice", "new customer")},
         "open account 'alice' in USD"},
        {bank::Deposit{"alice", 10000, meta("alice", "salary")}, "deposit $100.00"},
        {bank::Withdraw{"alice", 5000, meta("alice", "rent")}, "withdraw $50.00"},
        {bank::Withdraw{"alice", 8000, meta("alice", "new bike")}, "withdraw $80.00 (more than the balance)"},
    };

    io.out << "Event sourcing demo (in memory; nothing is saved)\n\n"
           << "1. Commands. Each is decided against the state rebuilt from the events so far;\n"
           << "   what it decides is recorded as events, or nothing at all when it is refused.\n";
    int n = 0;
    for (const Step& step : steps) {
        clock.advance(60000);
        auto outcome = bank.execute(step.command);
        io.out << "   " << ++n << ". " << bank::command_type_name(step.command) << ": " << step.says << " -> ";
        if (outcome.ok()) {
            for (size_t i = 0; i < outcome->events.size(); ++i)
                io.out << (i ? ", " : "") << outcome->events[i].type << " at position #"
                       << outcome->events[i].global_position;
            io.out << "\n";
        } else {
            io.out << to_string(outcome.error().code) << ": " << outcome.error().message
                   << "\n      (no event written)\n";
        }
    }

    auto events = store.read_all();
    if (!events.ok()) {
        io.err << "es-sandbox demo: " << events.error().message << "\n";
        return kExitFailed;
    }
    io.out << "\n2. The event history: the only thing the store keeps.\n\n";
    print_event_table(io.out, *events);

    io.out << "\n3. The state, rebuilt by replaying the history one event at a time.\n\n"
           << "   start: no account yet (balance $0.00, version 0)\n";
    bank::AccountState state = bank::initial_state();
    for (const RecordedEvent& e : *events) {
        auto next = bank::evolve(state, e);
        if (!next.ok()) {
            io.err << "es-sandbox demo: " << next.error().message << "\n";
            return kExitFailed;
        }
        state = std::move(*next);
        io.out << "   after #" << e.global_position << " " << e.type << ": balance "
               << bank::format_money(state.balance_cents, state.currency) << " (version " << state.version << ")\n";
    }
    io.out << "\nFinal state: " << describe_account(state) << "\n"
           << "\nNext: keep events in a file with 'es-sandbox exec --store bank.jsonl' (see docs/CLI.md).\n";
    return kExitOk;
}

}  // namespace es::cli
