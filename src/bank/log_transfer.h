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
#include <string>
#include <string_view>

#include "bank/history_rules.h"
#include "core/event.h"
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
// history rules still are. When the append refuses (or this refuses), the caller validates
// again with Check to name the first problem by its line, so the message is the same as with
// Check alone: Sandbox::import_text.
enum class ImportChain { Check, LeaveToStore };
Result<EventList> validate_import(std::string_view text, const EventList& base,
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

// One event in the shape KurrentDB's HTTP API accepts: {eventId, eventType, data, metadata},
// metadata holding actor, reason, $correlationId and $causationId (when set), and the original
// streamId, streamVersion, globalPosition, schemaVersion, recordedAt, occurredAt, prevHash, hash.
Json kurrent_event(const RecordedEvent& e);

// The whole log (or only the events of stream id `stream` when not empty) as that JSON array.
Json kurrent_events(const EventList& log, const std::string& stream = "");

// The lossless JSON Lines export: encode_event_line of each event, each followed by "\n".
std::string export_jsonl(const EventList& log);

}  // namespace es::bank
