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

struct ImportChecker::Chain {
    MemoryLogIndex index;
    ChainChecker checker{index};
};

ImportChecker::ImportChecker(uint64_t base_size, HistoryRules::EventAt base_at, HistoryRules rules,
                             std::unique_ptr<Chain> chain)
    : base_size_(base_size),
      base_at_(std::move(base_at)),
      rules_(std::move(rules)),
      chain_(std::move(chain)),
      batch_first_(base_size + 1) {}
ImportChecker::ImportChecker(ImportChecker&&) noexcept = default;
ImportChecker& ImportChecker::operator=(ImportChecker&&) noexcept = default;
ImportChecker::~ImportChecker() = default;

Error ImportChecker::fail(Error error) {
    error_ = error;
    return error;
}

namespace {

Error too_long(size_t number, size_t bytes) {
    return at(line_only(number), ErrorCode::InvalidArgument,
              std::to_string(bytes) + " bytes is longer than the longest event line this sandbox accepts (" +
                  std::to_string(kMaxImportLineBytes) + " bytes)");
}

Error finished_error() {
    return make_error(ErrorCode::InvalidArgument, "this import was already checked to its end");
}

}  // namespace

Status ImportChecker::feed(std::string_view piece) {
    if (error_) return *error_;
    if (finished_) return finished_error();
    for (size_t begin = 0; begin < piece.size();) {
        size_t end = piece.find('\n', begin);
        const bool complete = end != std::string_view::npos;
        if (!complete) end = piece.size();
        const std::string_view part = piece.substr(begin, end - begin);
        begin = end + 1;
        // A line too long to keep (even with a "\r" to drop) is only counted, to its end.
        if (overlong_ > 0 || partial_.size() + part.size() > kMaxImportLineBytes + 1) {
            if (overlong_ == 0) overlong_ = partial_.size();
            partial_.clear();
            partial_.shrink_to_fit();
            overlong_ += part.size();
            if (!part.empty()) overlong_last_ = part.back();
            if (!complete) break;
            ++number_;
            return fail(too_long(number_, overlong_ - (overlong_last_ == '\r' ? 1 : 0)));
        }
        if (!complete) {  // the rest of this line comes with the next piece
            partial_.append(part);
            break;
        }
        Status checked = [&] {
            if (partial_.empty()) return check_line(part);
            partial_.append(part);
            Status s = check_line(partial_);
            partial_.clear();
            return s;
        }();
        if (!checked.ok()) return fail(checked.error());
    }
    return ok_status();
}

Status ImportChecker::check_line(std::string_view line) {
    const size_t number = ++number_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.size() > kMaxImportLineBytes) return too_long(number, line.size());
    if (line.find_first_not_of(" \t") == std::string_view::npos) return ok_status();

    if (looks_like_commit_marker(line)) {
        // A copied store file: read as strictly as the store reads it, and it must commit
        // exactly the events since the last one.
        auto marker = decode_commit_marker(line);
        if (!marker.ok()) return at(line_only(number), ErrorCode::Corrupt, marker.error().message);
        const uint64_t last = base_size_ + events_.size();
        if (marker->first != batch_first_ || marker->last != last)
            return at(line_only(number), ErrorCode::Corrupt,
                      "commit marker " + std::to_string(marker->first) + ".." + std::to_string(marker->last) +
                          " does not name the events before it (" + std::to_string(batch_first_) + ".." +
                          std::to_string(last) + ")");
        if (auto s = end_batch(); !s.ok()) return s;
        batch_first_ = last + 1;
        return ok_status();
    }
    Sha256Digest content{};
    auto decoded = decode_event_line(line, chain_ ? &content : nullptr);
    if (!decoded.ok()) return at(line_only(number), decoded.error().code, decoded.error().message);
    const RecordedEvent& e = *decoded;
    const uint64_t expected = base_size_ + events_.size() + 1;
    if (e.global_position != expected) {
        std::string store_has = base_size_ == 0 ? "the store is empty, so the input must start at position 1"
                                                : "the store ends at position " + std::to_string(base_size_);
        return at(line_only(number), ErrorCode::InvalidArgument,
                  "globalPosition is " + std::to_string(e.global_position) + " but the next position is " +
                      std::to_string(expected) + " (" + store_has +
                      "; an import must continue it without gaps, repeats or overlap)");
    }
    if (auto s = check_readable(e); !s.ok()) return at(line_at(number, expected), s.error().code, s.error().message);
    if (std::string problem = chain_ ? chain_->checker.check(e, &content) : std::string(); !problem.empty())
        return at(line_at(number, expected), ErrorCode::Corrupt, problem);
    const HistoryRules::EventAt earlier = [this](uint64_t p) -> const RecordedEvent* {
        if (p >= 1 && p <= base_size_) return base_at_(p);
        if (p > base_size_ && p - base_size_ <= events_.size()) return &events_[p - base_size_ - 1];
        return nullptr;
    };
    if (auto s = rules_.take(e, earlier); !s.ok()) {
        refused_by_rules_ = Refused{std::move(decoded).value(), number};
        return at(line_at(number, expected), s.error().code, s.error().message);
    }
    events_.push_back(std::move(decoded).value());
    event_lines_.push_back(number);
    return ok_status();
}

// A TransferSent of the input left without its TransferReceived when its batch ends.
Status ImportChecker::end_batch() {
    if (auto s = rules_.end_batch(); !s.ok()) {
        const uint64_t position = rules_.broken()->position;
        return at(line_at(event_lines_[position - base_size_ - 1], position), s.error().code, s.error().message);
    }
    return ok_status();
}

Result<EventList> ImportChecker::finish() {
    if (error_) return *error_;
    if (finished_) return finished_error();
    finished_ = true;
    // The last line, when the text does not end with a line end.
    if (overlong_ > 0) return fail(too_long(++number_, overlong_ - (overlong_last_ == '\r' ? 1 : 0)));
    if (!partial_.empty()) {
        Status s = check_line(partial_);
        partial_.clear();
        if (!s.ok()) return fail(s.error());
    }
    // The import is appended as one batch: it ends here.
    if (auto s = end_batch(); !s.ok()) return fail(s.error());
    return std::move(events_);
}

EventList ImportChecker::take_checked() { return std::move(events_); }

Result<ImportChecker> start_import(EventRange base, ImportChain check_chain, const HistoryRules* after_base) {
    // The store first: its chain and its rules are where the input must continue. A state of the
    // rules kept for exactly this base is continued (a copy: a refused import leaves it as it was).
    // `base` is a view, captured by value: the log it views outlives the checker.
    HistoryRules::EventAt base_at = [base](uint64_t p) -> const RecordedEvent* { return &base[p - 1]; };
    const bool continued = after_base != nullptr && after_base->position() == base.size() && !after_base->broken();
    HistoryRules rules = continued ? *after_base : HistoryRules(SystemClock().now_ms());
    auto chain = check_chain == ImportChain::Check ? std::make_unique<ImportChecker::Chain>() : nullptr;
    // Left to the store: neither base's chain nor the input's is walked here, and base not at all
    // when the rules' state continues it.
    if (chain || !continued) {
        for (const RecordedEvent& e : base) {
            if (chain) {
                const Sha256Digest content = sha256(canonical_bytes(e));
                if (std::string problem = chain->checker.check(e, &content); !problem.empty())
                    return at(store_position(chain->checker.head() + 1), ErrorCode::Corrupt, problem);
            }
            if (continued) continue;
            if (auto s = rules.take(e, base_at); !s.ok())
                return at(store_position(e.global_position), s.error().code, s.error().message);
        }
    }
    if (auto s = rules.end_batch(); !s.ok())
        return at(store_position(rules.broken()->position), s.error().code, s.error().message);
    return ImportChecker(base.size(), std::move(base_at), std::move(rules), std::move(chain));
}

Result<ImportChecker> start_import(const ImportBase& base, const HistoryRules& after_base) {
    if (after_base.position() != base.head || after_base.broken())
        return make_error(ErrorCode::InvalidArgument, "the rules' state given is not the state after the store's " +
                                                          std::to_string(base.head) + " events");
    // A copy of the rules: a refused import leaves the caller's as it was.
    return ImportChecker(base.head, base.event_at, after_base, nullptr);
}

namespace {

Result<EventList> check_whole(Result<ImportChecker> checker, std::string_view text) {
    if (!checker.ok()) return checker.error();
    (void)checker->feed(text);  // a problem is kept: finish() returns it
    return checker->finish();
}

}  // namespace

Result<EventList> validate_import(std::string_view text, EventRange base, ImportChain check_chain,
                                  const HistoryRules* after_base) {
    return check_whole(start_import(base, check_chain, after_base), text);
}

Result<EventList> validate_import(std::string_view text, const ImportBase& base, const HistoryRules& after_base) {
    return check_whole(start_import(base, after_base), text);
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

Json kurrent_events(EventRange log, const std::string& stream) {
    Json array = Json::array();
    for (const RecordedEvent& e : log)
        if (stream.empty() || e.stream_id == stream) array.push_back(kurrent_event(e));
    return array;
}

std::string export_jsonl(EventRange log) {
    std::string out;
    for (const RecordedEvent& e : log) {
        out += encode_event_line(e);
        out += '\n';
    }
    return out;
}

}  // namespace es::bank
