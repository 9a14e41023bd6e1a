// EventStore: opening (load + verify) and appending (validation, idempotency, optimistic
// concurrency, hash chain, one atomic storage write, then synchronous delivery).
#include "core/event_store.h"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <set>
#include <string_view>

#include "core/event_format.h"
#include "core/event_writer.h"
#include "core/sha256.h"

namespace es {

namespace {

bool printable_ascii_no_space(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

std::string event_label(const std::string& stream, size_t index) {
    return "event #" + std::to_string(index + 1) + " for stream '" + stream + "'";
}

}  // namespace

std::string ExpectedVersion::describe() const {
    switch (kind) {
        case Any: return "any version";
        case NoStream: return "no stream";
        case StreamExists: return "an existing stream";
        case Exact: return "version " + std::to_string(version);
    }
    return "?";
}

EventStore::EventStore(Storage& storage, Clock& clock, UuidGenerator& ids)
    : storage_(storage), clock_(clock), ids_(ids) {}

void EventStore::forget() {
    log_.clear();
    streams_.clear();
    by_id_.clear();
    typed_.clear();
    typed_upcast_.clear();
    stamps_.clear();
    stream_numbers_.clear();
    base_ = 0;
    base_hash_ = kGenesisHash;
    base_recorded_at_ = 0;
    open_ = false;
    corrupt_ = false;
}

Status EventStore::open() {
    forget();
    uint64_t head = storage_.head_position();
    constexpr size_t kChunk = 4096;
    while (log_.size() < head) {
        auto chunk = storage_.read(log_.size() + 1, kChunk);
        if (!chunk.ok()) return chunk.error();
        if (chunk->empty()) break;
        for (RecordedEvent& e : *chunk) log_.push_back(std::move(e));
    }
    return finish_open(head);
}

Status EventStore::open(EventList events, std::vector<Sha256Digest> content_hashes, HashCheck hashes) {
    forget();
    log_.adopt(std::move(events));
    return finish_open(storage_.head_position(), &content_hashes, hashes);
}

Status EventStore::open_from(uint64_t position, const std::string& event_hash) {
    forget();
    if (!storage_.has_index())
        return make_error(ErrorCode::Unsupported, "this storage keeps no index, so the store cannot open from a checkpoint");
    const uint64_t head = storage_.head_position();
    if (position > head)
        return make_error(ErrorCode::Conflict, "the checkpoint is at position " + std::to_string(position) +
                                                   " but the log ends at " + std::to_string(head));
    if (position > 0) {
        auto at = storage_.read(position, 1);
        if (!at.ok()) return at.error();
        if (at->size() != 1 || (*at)[0].global_position != position)
            return make_error(ErrorCode::Conflict, "the event at the checkpoint's position " + std::to_string(position) +
                                                       " cannot be read");
        const RecordedEvent& e = (*at)[0];
        if (e.hash != event_hash)
            return make_error(ErrorCode::Conflict, "the event at the checkpoint's position " + std::to_string(position) +
                                                       " has hash " + e.hash.substr(0, 16) + "..., not the " +
                                                       event_hash.substr(0, 16) + "... the checkpoint was taken over");
        if (!hex_equals(e.hash, sha256(canonical_bytes(e))))
            return make_error(ErrorCode::Conflict, "the event at the checkpoint's position " + std::to_string(position) +
                                                       " no longer hashes to its hash (it was changed)");
        base_hash_ = e.hash;
        base_recorded_at_ = e.recorded_at_ms;
    }
    if (Status s = storage_.stream_positions_upto(position, streams_); !s.ok()) return s;
    base_ = position;
    while (head_position() < head) {
        auto chunk = storage_.read(head_position() + 1, 4096);
        if (!chunk.ok()) return chunk.error();
        if (chunk->empty()) break;
        for (RecordedEvent& e : *chunk) log_.push_back(std::move(e));
    }
    return finish_open(head);
}

Status EventStore::finish_open(uint64_t head, const std::vector<Sha256Digest>* content_hashes, HashCheck hashes) {
    for (auto& [stream, positions] : streams_) {  // open_from keeps the index's events up to base_
        positions.erase(std::upper_bound(positions.begin(), positions.end(), base_), positions.end());
    }
    by_id_.clear();
    corrupt_ = false;
    open_ = true;
    // One pass, as verify_log() checks (the same rules and messages), but against the indexes
    // being built: each event is checked against the events before it, then indexed. A corrupt
    // log is so indexed up to the damage and can still be inspected. Events beyond the storage's
    // head are not looked at: the head mismatch is the problem then.
    const size_t n = static_cast<size_t>(std::min<uint64_t>(log_.size(), head - std::min(head, base_)));
    by_id_.reserve(n);
    StoreIndex index(*this);  // each event is checked against the indexes being built, then joins them
    ChainChecker chain(index, base_, base_hash_);
    const bool given = content_hashes && content_hashes->size() == log_.size();
    VerifyReport report;
    for (size_t i = 0; i < n; ++i) {
        const RecordedEvent& e = log_[i];
        std::string problem;
        if (hashes == HashCheck::Later) {
            problem = chain.check(e, nullptr);
        } else {
            const Sha256Digest content = given ? (*content_hashes)[i] : sha256(canonical_bytes(e));
            problem = chain.check(e, &content);
        }
        if (!problem.empty()) {
            report.ok = false;
            report.first_bad_position = base_ + i + 1;
            report.problem = std::move(problem);
            break;
        }
        log_.keep_line(i, storage_.kept_line(base_ + i + 1));  // the bytes it was just read from
    }
    if (head_position() != head && report.ok) {
        report.ok = false;
        report.first_bad_position = base_ + n + 1;
        report.problem = "storage reports head " + std::to_string(head) + " but " + std::to_string(head_position()) +
                         " events were read";
    }
    if (!report.ok) {
        corrupt_ = true;
        log_.truncate(report.first_bad_position - 1 - base_);
        decode_new_payloads();  // what stays readable can still be rebuilt from
        return make_error(ErrorCode::Corrupt, "the log failed verification at position " +
                                                  std::to_string(report.first_bad_position) + ": " + report.problem +
                                                  ". Events before it are readable; appends are refused until the "
                                                  "log is restored from a good copy");
    }
    decode_new_payloads();
    deliver();
    return ok_status();
}

uint64_t EventStore::StoreIndex::version_of(const std::string& stream) const { return store_.stream_version(stream); }

bool EventStore::StoreIndex::has_id(const std::string& event_id) const { return store_.position_of_id(event_id) != 0; }

uint64_t EventStore::position_of_id(const std::string& event_id) const {
    if (const uint64_t position = by_id_.find(event_id); position != 0) return position;
    if (base_ == 0) return 0;
    // Opened from a checkpoint: the ids up to base_ are in the storage's index. One that cannot
    // be looked up counts as taken, so an id is never reused because a lookup failed.
    auto found = storage_.find_event_id(event_id);
    if (!found.ok()) return std::numeric_limits<uint64_t>::max();
    return *found <= base_ ? *found : 0;
}

void EventStore::StoreIndex::add(const RecordedEvent& e) {
    assert(writable_ != nullptr && "a read-only view of the store's indexes is only read");
    writable_->index(e);
}

void EventStore::index(const RecordedEvent& e) {
    streams_[e.stream_id].push_back(e.global_position);
    by_id_.insert(e.event_id, e.global_position);
}

Result<AppendResult> EventStore::append(const std::string& stream, ExpectedVersion expected,
                                        std::vector<NewEvent> events) {
    std::vector<StreamAppend> one;
    one.push_back(StreamAppend{stream, expected, std::move(events)});
    return append_multi(std::move(one));
}

Status EventStore::check_batch(const std::vector<StreamAppend>& appends) const {
    if (appends.empty()) return make_error(ErrorCode::InvalidArgument, "append: nothing to append; pass at least one stream");
    // Views into `appends`, which outlives both sets: no copy of an id or stream per event. A
    // batch of one stream (of one event) cannot repeat a stream (an id): no set is built then.
    std::set<std::string_view> streams;
    std::set<std::string_view> ids;
    for (const StreamAppend& a : appends) {
        if (a.stream.empty()) return make_error(ErrorCode::InvalidArgument, "append: the stream id is empty; name the stream, e.g. 'account-1'");
        if (a.stream.size() > kMaxStreamIdLength)
            return make_error(ErrorCode::InvalidArgument, "append: stream id of " + std::to_string(a.stream.size()) +
                                                              " characters is longer than the limit of " +
                                                              std::to_string(kMaxStreamIdLength));
        if (!printable_ascii_no_space(a.stream))
            return make_error(ErrorCode::InvalidArgument,
                              "append: stream id must be printable ASCII without spaces or control characters");
        if (appends.size() > 1 && !streams.insert(a.stream).second)
            return make_error(ErrorCode::InvalidArgument, "append: stream '" + a.stream +
                                                              "' appears twice in one batch; merge its events into one StreamAppend");
        if (a.events.empty())
            return make_error(ErrorCode::InvalidArgument, "append to stream '" + a.stream + "': the batch is empty; pass at least one event");
        for (size_t i = 0; i < a.events.size(); ++i) {
            const NewEvent& n = a.events[i];
            auto where = [&] { return event_label(a.stream, i); };  // built only for an error
            // The store's own rules; the format's (an id is a UUID, data an object, ...) are checked
            // where each event is written, in append_multi.
            if (!n.event_id.empty() && (appends.size() > 1 || a.events.size() > 1) && !ids.insert(n.event_id).second)
                return make_error(ErrorCode::InvalidArgument, where() + ": event id " + n.event_id + " is used twice in the batch");
            if (n.type.empty() || n.type.size() > kMaxEventTypeLength || !printable_ascii_no_space(n.type))
                return make_error(ErrorCode::InvalidArgument, where() + ": type must be 1 to " + std::to_string(kMaxEventTypeLength) +
                                                                  " printable ASCII characters without spaces, e.g. 'MoneyDeposited'");
        }
    }
    return ok_status();
}

std::optional<Result<AppendResult>> EventStore::find_duplicate(const std::vector<StreamAppend>& appends) const {
    size_t total = 0, found = 0;
    std::string_view a_new_one, an_old_one;  // for the message of a partial repeat
    AppendResult dup;
    dup.was_duplicate = true;
    dup.first_position = std::numeric_limits<uint64_t>::max();
    for (const StreamAppend& a : appends) {
        for (const NewEvent& n : a.events) {
            ++total;
            const uint64_t at = n.event_id.empty() ? 0 : position_of_id(n.event_id);
            if (at == 0) {
                a_new_one = n.event_id.empty() ? std::string_view("(an event without id)") : std::string_view(n.event_id);
                continue;
            }
            RecordedEvent scratch;
            auto stored = stored_event(at, scratch);
            if (!stored.ok())
                return Result<AppendResult>(make_error(stored.error().code, "event id " + n.event_id +
                                                                                " may already be recorded, but the store cannot read it: " +
                                                                                stored.error().message));
            const RecordedEvent& old = **stored;
            if (old.stream_id != a.stream || old.type != n.type || old.data != n.data || !(old.metadata == n.metadata) ||
                old.schema_version != n.schema_version) {
                return Result<AppendResult>(make_error(
                    ErrorCode::AlreadyExists,
                    "event id " + n.event_id + " is already recorded at position " + std::to_string(old.global_position) +
                        " (stream '" + old.stream_id + "', type '" + old.type +
                        "') with different content; a new event needs a new id"));
            }
            ++found;
            an_old_one = n.event_id;
            dup.first_position = std::min(dup.first_position, old.global_position);
            dup.last_position = std::max(dup.last_position, old.global_position);
            dup.positions.push_back(old.global_position);
        }
    }
    if (found == 0) return std::nullopt;
    if (found != total) {
        return Result<AppendResult>(make_error(
            ErrorCode::AlreadyExists, "the batch partially repeats an earlier append: " + std::string(an_old_one) +
                                          " is already recorded but " + std::string(a_new_one) +
                                          " is not; retry with exactly the original batch, or use new ids for new events"));
    }
    for (const StreamAppend& a : appends) dup.next_stream_versions[a.stream] = stream_version(a.stream);
    dup.next_stream_version = dup.next_stream_versions[appends.back().stream];
    return Result<AppendResult>(std::move(dup));
}

Status EventStore::check_expected(const StreamAppend& a) const {
    uint64_t actual = stream_version(a.stream);
    const ExpectedVersion& x = a.expected;
    bool ok = x.kind == ExpectedVersion::Any || (x.kind == ExpectedVersion::NoStream && actual == 0) ||
              (x.kind == ExpectedVersion::StreamExists && actual > 0) ||
              (x.kind == ExpectedVersion::Exact && actual == x.version);
    if (ok) return ok_status();
    std::string is = actual == 0 ? "stream '" + a.stream + "' does not exist (version 0)"
                                 : "stream '" + a.stream + "' is at version " + std::to_string(actual);
    return make_error(ErrorCode::Conflict, is + ", but the command expected " + x.describe() +
                                               "; reload the stream, decide again and retry");
}

Status EventStore::check_writable() const {
    if (!open_) return make_error(ErrorCode::InvalidArgument, "append: the store is not open; call open() first");
    if (corrupt_)
        return make_error(ErrorCode::Corrupt, "append refused: the log failed verification when it was opened; restore it first");
    if (delivering_)
        return make_error(ErrorCode::InvalidArgument,
                          "append from inside a subscriber callback is not allowed; queue the work and append afterwards");
    return ok_status();
}

Result<AppendResult> EventStore::append_multi(std::vector<StreamAppend> appends) {
    if (Status s = check_writable(); !s.ok()) return s.error();
    Status valid = check_batch(appends);
    if (!valid.ok()) return valid.error();
    if (auto dup = find_duplicate(appends)) return std::move(*dup);
    for (const StreamAppend& a : appends) {
        Status s = check_expected(a);
        if (!s.ok()) {
            if (trace_) trace_->add(Lifeline::EventStore, Lifeline::CommandHandler, "conflict: " + s.error().message, true, true);
            return s.error();
        }
    }

    // Time never runs backwards in the log, so "as of time t" is always a prefix.
    int64_t now = clock_.now_ms();
    now = std::max(now, log_.empty() ? base_recorded_at_ : log_.back().recorded_at_ms);
    AppendResult result;
    result.first_position = head_position() + 1;
    size_t total = 0;
    for (const StreamAppend& a : appends) total += a.events.size();
    EventList batch;  // moved into log_ once stored: the store's one copy
    batch.reserve(total);
    LineBatch& lines = append_lines_;
    lines.clear();
    lines.lines.reserve(total);
    for (StreamAppend& a : appends) {
        uint64_t version = stream_version(a.stream);
        for (size_t i = 0; i < a.events.size(); ++i) {
            NewEvent& n = a.events[i];
            // Built whole, field by field in their order: assigning to a default RecordedEvent
            // would first make (and then free) an empty `data` object.
            RecordedEvent e{n.event_id.empty() ? ids_.next() : std::move(n.event_id),
                            a.stream,
                            ++version,
                            head_position() + batch.size() + 1,
                            std::move(n.type),
                            n.schema_version,
                            now,
                            n.occurred_at_ms == 0 ? now : n.occurred_at_ms,
                            std::move(n.data),
                            std::move(n.metadata),
                            batch.empty() ? head_hash() : batch.back().hash,
                            std::string()};
            // Written once: the format's rules checked (the store never writes what it could not
            // read back), the canonical bytes hashed, and the stored line made of those bytes.
            auto written = write_event(e);
            if (!written.ok())
                return make_error(ErrorCode::InvalidArgument, event_label(a.stream, i) + ": " + written.error().message);
            e.hash = std::move(written->hash);
            lines.add(written->line);
            batch.push_back(std::move(e));
        }
        result.next_stream_versions[a.stream] = version;
        result.next_stream_version = version;
    }
    result.last_position = result.first_position + batch.size() - 1;
    result.positions.reserve(batch.size());
    for (uint64_t p = result.first_position; p <= result.last_position; ++p) result.positions.push_back(p);

    Status stored = storage_.append(batch, lines.lines);
    if (!stored.ok()) {
        if (trace_) trace_->add(Lifeline::EventStore, Lifeline::CommandHandler, "not stored: " + stored.error().message, true, true);
        return stored.error();
    }
    for (RecordedEvent& e : batch) {
        index(e);
        const uint64_t p = e.global_position;
        log_.push_back(std::move(e), storage_.kept_line(p));
    }
    decode_new_payloads();
    if (trace_) {
        std::string text = result.first_position == result.last_position ? "stored at position " + std::to_string(result.first_position)
                                                      : "stored at positions " + std::to_string(result.first_position) +
                                                            "-" + std::to_string(result.last_position);
        for (const auto& [stream, version] : result.next_stream_versions)
            text += ", " + stream + " now at version " + std::to_string(version);
        trace_->add(Lifeline::EventStore, Lifeline::CommandHandler, text, true);
    }
    deliver();
    return result;
}

Result<uint64_t> EventStore::append_recorded(EventRange events) { return append_recorded(events.to_list()); }

std::optional<EventStore::Refusal> EventStore::link_recorded(const EventList& events, const RecordedEvent* then,
                                                             LineBatch* lines) const {
    StoreIndex store_index(*this);
    MemoryLogIndex batch_index(&store_index);  // the batch joins the store's indexes only once written
    ChainChecker chain(batch_index, head_position(), head_hash());
    if (lines) lines->lines.reserve(events.size());
    for (size_t i = 0; i < events.size() + (then ? 1 : 0); ++i) {
        const RecordedEvent& e = i < events.size() ? events[i] : *then;
        // The format's rules first, so nothing is kept that would not read back; the line is
        // written from the bytes whose hash the chain check compares.
        auto written = write_event(e);
        if (!written.ok())
            return Refusal{i, false, event_format::at_position(written.error(), e.global_position).message};
        if (lines) lines->add(written->line);  // copied before anything else writes a line
        std::string problem = chain.check(e, &written->content_hash);
        if (!problem.empty()) return Refusal{i, true, std::move(problem)};
    }
    return std::nullopt;
}

std::optional<EventStore::Refusal> EventStore::refusal_of(const EventList& events, const RecordedEvent* then) const {
    return link_recorded(events, then, nullptr);
}

Result<uint64_t> EventStore::append_recorded(EventList&& events) {
    if (Status s = check_writable(); !s.ok()) return s.error();
    if (events.empty()) return head_position();
    LineBatch lines;  // an import's: taken by a MemoryStorage when 128 KiB or more, else copied and freed
    if (auto refused = link_recorded(events, nullptr, &lines)) {
        if (!refused->link) return make_error(ErrorCode::InvalidArgument, refused->reason);
        return make_error(ErrorCode::Conflict,
                          "event at position " + std::to_string(head_position() + 1 + refused->index) + ": " +
                              refused->reason);
    }
    Status stored = storage_.append_taking(events, lines);  // a MemoryStorage takes a large batch's bytes
    if (!stored.ok()) return stored.error();
    if (log_.empty()) {
        log_.adopt(std::move(events));  // the whole log (an import into an empty store): no copy
        for (size_t i = 0; i < log_.size(); ++i) {
            index(log_[i]);
            log_.keep_line(i, storage_.kept_line(base_ + i + 1));
        }
    } else {
        for (RecordedEvent& e : events) {
            const uint64_t p = e.global_position;
            log_.push_back(std::move(e), storage_.kept_line(p));
            index(log_.back());
        }
    }
    // Taken. Pushed one by one, their emptied shells go now, before the payloads are decoded and
    // delivered (a few hundred MB less at the peak of a large import); adopted, nothing is left.
    EventList().swap(events);
    decode_new_payloads();
    deliver();
    return head_position();
}

Result<EventList> EventStore::recorded(const AppendResult& appended) const {
    EventList out;
    out.reserve(appended.positions.size());
    RecordedEvent scratch;
    for (uint64_t position : appended.positions) {
        auto e = stored_event(position, scratch);
        if (!e.ok()) return e.error();
        out.push_back(**e);
    }
    return out;
}

Result<const RecordedEvent*> EventStore::stored_event(uint64_t position, RecordedEvent& scratch) const {
    if (position == 0 || position > head_position())
        return make_error(ErrorCode::NotFound, "there is no event at position " + std::to_string(position) +
                                                   " (the log holds 1.." + std::to_string(head_position()) + ")");
    if (position > base_) return &log_[position - 1 - base_];
    auto read = storage_.read(position, 1);
    if (!read.ok()) return read.error();
    if (read->size() != 1 || (*read)[0].global_position != position)
        return make_error(ErrorCode::Io, "storage did not return the event at position " + std::to_string(position));
    scratch = std::move((*read)[0]);
    return &scratch;
}

uint64_t EventStore::stream_version(const std::string& stream) const {
    auto it = streams_.find(stream);
    return it == streams_.end() ? 0 : it->second.size();
}

std::vector<std::string> EventStore::stream_ids() const {
    std::vector<std::string> out;
    out.reserve(streams_.size());
    for (const auto& kv : streams_) out.push_back(kv.first);
    std::sort(out.begin(), out.end());
    return out;
}

uint64_t EventStore::position_of(const std::string& stream, uint64_t version) const {
    auto it = streams_.find(stream);
    if (it == streams_.end() || version == 0 || version > it->second.size()) return 0;
    return it->second[version - 1];
}

const std::vector<uint64_t>& EventStore::stream_positions(const std::string& stream) const {
    static const std::vector<uint64_t> kNone;
    auto it = streams_.find(stream);
    return it == streams_.end() ? kNone : it->second;
}

uint64_t EventStore::stream_version_at_position(const std::string& stream, uint64_t position) const {
    const std::vector<uint64_t>& positions = stream_positions(stream);
    return static_cast<uint64_t>(std::upper_bound(positions.begin(), positions.end(), position) - positions.begin());
}

}  // namespace es
