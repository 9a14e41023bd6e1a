// Moving a bank log in and out of the sandbox, written once for the native CLI (`es-sandbox
// import` / `export`) and the browser app. Everything here is text in, text (or JSON) out: the
// caller reads and writes the files, so this module needs no platform header.
//
//   export_jsonl      the lossless JSON Lines export: every field, hashes included, one event per
//                     line. validate_import reads it back event for event.
//   kurrent_events    the JSON array KurrentDB's HTTP API accepts at POST /streams/<stream>
//                     (Content-Type: application/vnd.eventstore.events+json); what KurrentDB has
//                     no field for (positions, versions, times, hashes) goes into metadata.
//   validate_import   all-or-nothing check of an export as a continuation of the current log
//                     (its chain and the bank's history rules, bank/history_rules.h): the caller
//                     appends the returned events as one batch, or nothing at all.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bank/history_rules.h"
#include "core/event.h"
#include "core/recorded_log.h"
#include "core/result.h"

namespace es::bank {

// Maximum bytes of one line of an import; a longer line is rejected before it is parsed.
constexpr size_t kMaxImportLineBytes = 1024 * 1024;

// Validates the whole text of a JSON Lines export as a continuation of `base` (the current log,
// positions 1..base.size()). Blank lines and the commit-marker lines of a copied store file are
// skipped; "\r\n" line ends are accepted. Checked, line by line, stopping at the first problem:
//   - the line is at most kMaxImportLineBytes long (checked before it is parsed);
//   - it decodes strictly (decode_event_line);
//   - its globalPosition continues base without gap, repeat or overlap;
//   - it is a bank event (check_bank_event);
//   - the hash chain (positions, stream versions, unique ids, prevHash, hash) verifies across the
//     join with base;
//   - it keeps the bank's history rules (HistoryRules over base and the input before it: the
//     account folds, balances, transfers paired in their batch, reversals, recordedAt in order and
//     from 2000-01-01 to now + 1 day); a batch ends at each commit marker and at the input's end.
// Returns the decoded events in order (empty when the text has no events), or the first problem
// as an error whose message starts with "line N" (N is the 1-based line of the text), followed by
// ": " for a line that does not decode or is out of place, or by " (position P): " for an event
// the bank, the chain or a rule refuses (a rule as 'breaks the rule "within-overdraft": ...').
// A problem in base itself (checked first) is reported as "the store itself at position P: ...".
//
// `after_base`, when given, is the state of the rules after exactly `base` (a caller that keeps
// one, as the Sandbox does): base's chain is still checked, but base is not replayed through the
// rules again and the input continues a copy of that state, with its time bound. Otherwise the
// rules start from scratch with now = the system clock.
//
// `chain` = LeaveToStore leaves the hash chain to the caller's EventStore::append_recorded,
// which checks every link of the input against the store (positions, stream versions, unused
// ids, prevHash) and recomputes every hash: base is then not walked at all when `after_base`
// continues it (an import onto a long log costs what the input costs), and the input's chain is
// not checked here. Its positions, its decoding, the bank's reading of each event and the
// history rules still are. When the append refuses (or this refuses), the caller names the
// first event the store would refuse (EventStore::refusal_of, over ImportChecker::take_checked)
// by its line when it comes first, so the message is the same as with Check alone:
// Sandbox::finish_import.
enum class ImportChain { Check, LeaveToStore };
Result<EventList> validate_import(std::string_view text, EventRange base,
                                  ImportChain chain = ImportChain::Check, const HistoryRules* after_base = nullptr);

// The same for a base the caller does not hold in memory (a store opened from a checkpoint, whose
// older events stay in storage): its head, its events on demand (a reversal names an earlier
// deposit), and the rules' state after it (HistoryRules::resume). The chain is left to the
// caller's EventStore::append_recorded, as with ImportChain::LeaveToStore; every other check is
// made, with the same messages.
struct ImportBase {
    uint64_t head = 0;
    HistoryRules::EventAt event_at;
};
Result<EventList> validate_import(std::string_view text, const ImportBase& base, const HistoryRules& after_base);

// validate_import's checks over a text handed over in pieces, in order (a large file read a few
// MiB at a time, so that its whole text never sits in memory beside the log it joins): feed()
// checks each complete line as it arrives and keeps the unfinished last one for the next piece,
// so a piece may end anywhere, even inside a line or between "\r" and "\n"; finish() checks
// that last line and ends the batch. The same lines give the same events and the same first
// problem, worded the same, however the text is cut. After a problem, feed() and finish() return
// it again; after finish() has returned the events, feed() and finish() refuse. start_import()
// makes one; validate_import is start_import, one feed, finish. The base it was made over must
// outlive it (a reversal's deposit is read from it as the lines come).
class ImportChecker {
public:
    ImportChecker(ImportChecker&&) noexcept;
    ImportChecker& operator=(ImportChecker&&) noexcept;
    ~ImportChecker();

    Status feed(std::string_view piece);
    Result<EventList> finish();
    // The 1-based line of each event finish() returned, in order.
    const std::vector<size_t>& event_lines() const { return event_lines_; }

    // After a problem, for a caller that leaves the chain to its store (ImportChain::LeaveToStore)
    // and must still name a broken link first when one comes before the problem, as a whole
    // check would: the events checked before the problem (their lines in event_lines()), then
    // the event the bank's rules refused, when that was the problem (a whole check looks at its
    // links before its rules), with its line.
    EventList take_checked();
    struct Refused {
        RecordedEvent event;
        size_t line = 0;
    };
    const std::optional<Refused>& refused_by_rules() const { return refused_by_rules_; }

private:
    friend Result<ImportChecker> start_import(EventRange, ImportChain, const HistoryRules*);
    friend Result<ImportChecker> start_import(const ImportBase&, const HistoryRules&);

public:
    struct Chain;  // the input's hash chain, when checked here (ImportChain::Check)

private:
    ImportChecker(uint64_t base_size, HistoryRules::EventAt base_at, HistoryRules rules, std::unique_ptr<Chain> chain);
    Status check_line(std::string_view line);
    Status end_batch();
    Error fail(Error error);  // kept: every later call returns it

    uint64_t base_size_;
    HistoryRules::EventAt base_at_;
    HistoryRules rules_;
    std::unique_ptr<Chain> chain_;  // null: the chain is left to the store
    EventList events_;
    std::vector<size_t> event_lines_;
    uint64_t batch_first_;      // the first position a commit marker must name
    size_t number_ = 0;         // the lines read so far
    std::string partial_;       // the unfinished last line of the pieces fed so far
    size_t overlong_ = 0;       // > 0: the unfinished line is too long to keep; its length so far
    char overlong_last_ = 0;    // and its last byte (a "\r" before the "\n" does not count)
    std::optional<Error> error_;
    std::optional<Refused> refused_by_rules_;
    bool finished_ = false;
};

// An ImportChecker over `base`, as validate_import(text, base, chain, after_base) checks: a
// problem in base itself is the error here.
Result<ImportChecker> start_import(EventRange base, ImportChain chain = ImportChain::Check,
                                   const HistoryRules* after_base = nullptr);
Result<ImportChecker> start_import(EventList&& base, ImportChain chain = ImportChain::Check,
                                   const HistoryRules* after_base = nullptr) = delete;  // kept by reference
// An ImportChecker over such a base.
Result<ImportChecker> start_import(const ImportBase& base, const HistoryRules& after_base);

// One event in the shape KurrentDB's HTTP API accepts: {eventId, eventType, data, metadata},
// metadata holding actor, reason, $correlationId and $causationId (when set), and the original
// streamId, streamVersion, globalPosition, schemaVersion, recordedAt, occurredAt, prevHash, hash.
Json kurrent_event(const RecordedEvent& e);

// The whole log (or only the events of stream id `stream` when not empty) as that JSON array.
Json kurrent_events(EventRange log, const std::string& stream = "");

// The lossless JSON Lines export: encode_event_line of each event, each followed by "\n".
std::string export_jsonl(EventRange log);

}  // namespace es::bank
