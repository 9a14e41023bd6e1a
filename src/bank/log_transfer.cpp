// Import validation and the two export formats of a bank log (see log_transfer.h).
#include "bank/log_transfer.h"

#include <unordered_map>
#include <utility>

#include "bank/account.h"
#include "bank/history_rules.h"
#include "core/clock.h"
#include "bank/events.h"
#include "core/commit_marker.h"
#include "core/event_reader.h"
#include "core/event_writer.h"
#include "core/integrity.h"

namespace es::bank {

namespace {

// Whether the bank can read `e` (rule bank-event), checked before its links so that an event of
// an unknown type is named as such rather than as a broken chain.
Status check_readable(const RecordedEvent& e) {
    auto current = bank_upcasters().upcast(e);
    Status readable = current.ok() ? Status(ok_status()) : Status(current.error());
    if (current.ok()) {
        if (auto decoded = decode_event(*current); !decoded.ok()) readable = decoded.error();
    }
    if (readable.ok()) return readable;
    return make_error(readable.error().code, describe_broken(HistoryRule::BankEvent, readable.error().message));
}

Error at(const std::string& where, ErrorCode code, const std::string& message) {
    return make_error(code, where + ": " + message);
}

std::string store_position(uint64_t position) { return "the store itself at position " + std::to_string(position); }

std::string line_at(size_t number, uint64_t position) {
    return "line " + std::to_string(number) + " (position " + std::to_string(position) + ")";
}

std::string line_only(size_t number) { return "line " + std::to_string(number); }

}  // namespace

namespace {

// The input's lines as a continuation of a base of `base_size` events (`base_at` gives each of
// them, for the reversals that name one), through `rules` (the state after the base), and, when
// `chain` is given, its hash chain (already walked over the base). validate_import's checks.
Result<EventList> check_input(std::string_view text, uint64_t base_size, const HistoryRules::EventAt& base_at,
                              HistoryRules& rules, ChainChecker* chain) {
    EventList events;
    const HistoryRules::EventAt earlier = [&](uint64_t p) -> const RecordedEvent* {
        if (p >= 1 && p <= base_size) return base_at(p);
        if (p > base_size && p - base_size <= events.size()) return &events[p - base_size - 1];
        return nullptr;
    };
    uint64_t batch_first = base_size + 1;  // the first position a commit marker must name
    size_t number = 0;
    std::vector<size_t> event_lines;  // the line of each event of the input
    // A TransferSent of the input left without its TransferReceived when its batch ends.
    auto unpaired = [&](const Error& error) {
        const uint64_t position = rules.broken()->position;
        return at(line_at(event_lines[position - base_size - 1], position), error.code, error.message);
    };
    for (size_t begin = 0; begin < text.size();) {
        size_t end = text.find('\n', begin);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(begin, end - begin);
        begin = end + 1;
        ++number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.size() > kMaxImportLineBytes)
            return at(line_only(number), ErrorCode::InvalidArgument,
                      std::to_string(line.size()) + " bytes is longer than the longest event line this sandbox "
                                                    "accepts (" + std::to_string(kMaxImportLineBytes) + " bytes)");
        if (line.find_first_not_of(" \t") == std::string_view::npos) continue;

        if (looks_like_commit_marker(line)) {
            // A copied store file: read as strictly as the store reads it, and it must commit
            // exactly the events since the last one.
            auto marker = decode_commit_marker(line);
            if (!marker.ok()) return at(line_only(number), ErrorCode::Corrupt, marker.error().message);
            const uint64_t last = base_size + events.size();
            if (marker->first != batch_first || marker->last != last)
                return at(line_only(number), ErrorCode::Corrupt,
                          "commit marker " + std::to_string(marker->first) + ".." + std::to_string(marker->last) +
                              " does not name the events before it (" + std::to_string(batch_first) + ".." +
                              std::to_string(last) + ")");
            if (auto s = rules.end_batch(); !s.ok()) return unpaired(s.error());
            batch_first = last + 1;
            continue;
        }
        Sha256Digest content{};
        auto decoded = decode_event_line(line, chain ? &content : nullptr);
        if (!decoded.ok()) return at(line_only(number), decoded.error().code, decoded.error().message);
        const RecordedEvent& e = *decoded;
        const uint64_t expected = base_size + events.size() + 1;
        if (e.global_position != expected) {
            std::string store_has = base_size == 0 ? "the store is empty, so the input must start at position 1"
                                                   : "the store ends at position " + std::to_string(base_size);
            return at(line_only(number), ErrorCode::InvalidArgument,
                      "globalPosition is " + std::to_string(e.global_position) + " but the next position is " +
                          std::to_string(expected) + " (" + store_has +
                          "; an import must continue it without gaps, repeats or overlap)");
        }
        if (auto s = check_readable(e); !s.ok()) return at(line_at(number, expected), s.error().code, s.error().message);
        if (std::string problem = chain ? chain->check(e, &content) : std::string(); !problem.empty())
            return at(line_at(number, expected), ErrorCode::Corrupt, problem);
        if (auto s = rules.take(e, earlier); !s.ok())
            return at(line_at(number, expected), s.error().code, s.error().message);
        events.push_back(std::move(decoded).value());
        event_lines.push_back(number);
    }
    // The import is appended as one batch: it ends here.
    if (auto s = rules.end_batch(); !s.ok()) return unpaired(s.error());
    return events;
}

}  // namespace

Result<EventList> validate_import(std::string_view text, const EventList& base, ImportChain check_chain,
                                  const HistoryRules* after_base) {
    // The store first: its chain and its rules are where the input must continue. A state of the
    // rules kept for exactly this base is continued (a copy: a refused import leaves it as it was).
    const HistoryRules::EventAt base_at = [&](uint64_t p) -> const RecordedEvent* { return &base[p - 1]; };
    const bool continued = after_base != nullptr && after_base->position() == base.size() && !after_base->broken();
    HistoryRules rules = continued ? *after_base : HistoryRules(SystemClock().now_ms());
    MemoryLogIndex index;
    ChainChecker chain(index);
    // Left to the store: neither base's chain nor the input's is walked here, and base not at all
    // when the rules' state continues it.
    const bool chain_here = check_chain == ImportChain::Check;
    if (chain_here || !continued) {
        for (const RecordedEvent& e : base) {
            if (chain_here) {
                const Sha256Digest content = sha256(canonical_bytes(e));
                if (std::string problem = chain.check(e, &content); !problem.empty())
                    return at(store_position(chain.head() + 1), ErrorCode::Corrupt, problem);
            }
            if (continued) continue;
            if (auto s = rules.take(e, base_at); !s.ok())
                return at(store_position(e.global_position), s.error().code, s.error().message);
        }
    }
    if (auto s = rules.end_batch(); !s.ok())
        return at(store_position(rules.broken()->position), s.error().code, s.error().message);
    return check_input(text, base.size(), base_at, rules, chain_here ? &chain : nullptr);
}

Result<EventList> validate_import(std::string_view text, const ImportBase& base, const HistoryRules& after_base) {
    if (after_base.position() != base.head || after_base.broken())
        return make_error(ErrorCode::InvalidArgument, "the rules' state given is not the state after the store's " +
                                                          std::to_string(base.head) + " events");
    HistoryRules rules = after_base;  // a copy: a refused import leaves the caller's as it was
    return check_input(text, base.head, base.event_at, rules, nullptr);
}

Json kurrent_event(const RecordedEvent& e) {
    Json metadata = {{"actor", e.metadata.actor},
                     {"reason", e.metadata.reason},
                     {"streamId", e.stream_id},
                     {"streamVersion", e.stream_version},
                     {"globalPosition", e.global_position},
                     {"schemaVersion", e.schema_version},
                     {"recordedAt", e.recorded_at_ms},
                     {"occurredAt", e.occurred_at_ms},
                     {"prevHash", e.prev_hash},
                     {"hash", e.hash}};
    // KurrentDB reads these two system keys to link events of one user action.
    if (!e.metadata.correlation_id.empty()) metadata["$correlationId"] = e.metadata.correlation_id;
    if (!e.metadata.causation_id.empty()) metadata["$causationId"] = e.metadata.causation_id;
    return Json{{"eventId", e.event_id}, {"eventType", e.type}, {"data", e.data}, {"metadata", metadata}};
}

Json kurrent_events(const EventList& log, const std::string& stream) {
    Json array = Json::array();
    for (const RecordedEvent& e : log)
        if (stream.empty() || e.stream_id == stream) array.push_back(kurrent_event(e));
    return array;
}

std::string export_jsonl(const EventList& log) {
    std::string out;
    for (const RecordedEvent& e : log) {
        out += encode_event_line(e);
        out += '\n';
    }
    return out;
}

}  // namespace es::bank
