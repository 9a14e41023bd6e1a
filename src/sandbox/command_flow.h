// The path one command really took through the sandbox, for the Command flow window: the
// command, the account state the Bank read back from its events before deciding, the decision
// (accepted, refused by a business rule, or refused by the store for a stale expected version),
// the events appended, and for each read model the cells that changed. Built from what happened
// (the Bank's loads, the store's answer, the projections before and after), never scripted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bank/bank.h"
#include "bank/commands.h"
#include "core/result.h"

namespace es::sandbox {

class Sandbox;

struct FlowEvent {
    uint64_t position = 0;
    std::string stream;
    uint64_t version = 0;  // the stream's version after it
    std::string type;
    std::string summary;   // "+$50.00: balance $50.00 -> $100.00"
};

// One cell of a read model that the command changed. An empty `before`: the row is new.
struct FlowCell {
    std::string row;     // "alice", "#7", "alice 2026-12-05"
    std::string column;  // "balance", "owner", "net", ...
    std::string before;
    std::string after;
};

struct FlowProjection {
    std::string name;             // "balances", "account-list", "audit-trail", "daily-totals"
    std::vector<FlowCell> changed;
    // Events of the log it had not applied after the command: with lag > 0 an empty `changed`
    // means "not applied yet", not "nothing changed".
    uint64_t lag = 0;
};

// One place the token stops at, in path order: Command, Decide, Event store, then one per read model.
struct FlowStation {
    std::string name;                // "Command", "Decide", "Event store", "balances", ...
    std::vector<std::string> lines;  // what the station shows ("read 3 events: v3, $50.00")
    std::string narration;           // the sentence under the picture while the token is here
    bool error = false;              // the token stops here, in red
};

struct CommandFlow {
    enum class Outcome { Accepted, Rejected, Conflict };
    uint64_t serial = 0;      // counts flows: a view can tell a new one from the last (0: none yet)
    std::string command;      // "Deposit"
    std::string description;  // "Deposit 50.00 into alice, by learner"
    std::vector<bank::Bank::Loaded> read;  // the state each account was found in, before deciding
    Outcome outcome = Outcome::Rejected;
    std::string reason;       // why it was refused
    std::optional<uint64_t> expected_version;  // the stream version the command said it saw
    std::vector<FlowEvent> events;
    std::vector<FlowProjection> projections;
    std::vector<FlowStation> stations;  // every station of the picture
    size_t reached = 0;       // how many of them the token visits (a refusal stops early)
    uint64_t head_before = 0, head_after = 0;

    bool accepted() const { return outcome == Outcome::Accepted; }
    // The station the token stops at in red ("Decide", "Event store"); "" when accepted.
    std::string stopped_at() const;
};

// Records one command's flow: construct it just before Sandbox::execute runs the command (it
// reads the read models as they are), finish() right after.
class FlowRecorder {
public:
    FlowRecorder(const Sandbox& sandbox, const bank::Command& command);
    // `loaded`: what the Bank read (Bank::last_loaded); `description`: the command in words.
    CommandFlow finish(const Result<bank::CommandOutcome>& outcome, const std::vector<bank::Bank::Loaded>& loaded,
                       std::string description, uint64_t serial) const;

private:
    struct Cell {
        std::string row, column, value;
        std::string zero = "";  // what the cell reads as before its row exists (daily totals start at 0)
    };
    // The contents of each read model for the accounts the command touches (audit trail: its
    // rows from index `audit_from` on), by projection name.
    std::vector<std::pair<std::string, std::vector<Cell>>> cells(size_t audit_from) const;

    const Sandbox& sandbox_;
    const bank::Command& command_;
    std::vector<std::string> accounts_;  // the accounts the command is about
    std::vector<std::pair<std::string, std::vector<Cell>>> before_;
    size_t audit_rows_before_ = 0;
    uint64_t head_before_ = 0;
};

}  // namespace es::sandbox
