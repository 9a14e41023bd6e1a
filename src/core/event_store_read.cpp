// EventStore reads: by stream, by global position, filtered by type, and "as of" a position or a
// time. Every read upcasts through the registry (when one is set) so callers only ever fold
// current schemas; the raw log stays available through recorded_log(). Also the re-reads of the
// stored log below the store: verify(), the check against a saved digest and the chain walk.
#include <algorithm>

#include "core/event_store.h"

namespace es {

Result<RecordedEvent> EventStore::upcast(const RecordedEvent& e) const {
    if (!upcasters_) return e;
    auto up = upcasters_->upcast(e);
    if (!up.ok()) {
        return make_error(up.error().code, "event at position " + std::to_string(e.global_position) + " (type '" +
                                               e.type + "', schema v" + std::to_string(e.schema_version) +
                                               "): " + up.error().message);
    }
    return up;
}

Result<const RecordedEvent*> EventStore::current_view(const RecordedEvent& raw, RecordedEvent& scratch) const {
    if (!upcasters_ || !upcasters_->needs_upcast(raw)) return &raw;
    auto up = upcast(raw);
    if (!up.ok()) return up.error();
    scratch = std::move(up).value();
    return &scratch;
}

Status EventStore::current_views(const uint64_t* first, const uint64_t* last, EventRun& out,
                                 int64_t max_recorded_ms, const PayloadCodec* typed_for) const {
    const bool typed = typed_for != nullptr && typed_for == codec_;
    out.store = this;
    out.streams = &stream_numbers_;
    RecordedEvent read, scratch;
    for (; first != last; ++first) {
        const uint64_t position = *first;
        const TypedPayload* payload = typed ? typed_payload(position) : nullptr;
        if (payload != nullptr && !typed_upcast_[position - 1 - base_]) {  // held, and already current
            const EventStamp& stamp = stamps_[position - 1 - base_];
            if (stamp.recorded_at_ms > max_recorded_ms) continue;
            out.positions.push_back(position);
            out.decoded.push_back(log_.decoded_at(position - 1 - base_));  // nullptr: released, left so
            out.typed.push_back(payload);
            out.stamps.push_back(&stamp);
            continue;
        }
        auto raw = stored_event(position, read);
        if (!raw.ok()) return raw.error();
        const RecordedEvent* stored = *raw;
        if (stored->recorded_at_ms > max_recorded_ms) continue;
        if (stored == &read) {
            out.copies.push_back(std::move(read));
            stored = &out.copies.back();
        }
        auto e = current_view(*stored, scratch);
        if (!e.ok()) return e.error();
        out.positions.push_back(position);
        if (*e == &scratch) {
            out.copies.push_back(std::move(scratch));
            out.decoded.push_back(&out.copies.back());
        } else {
            out.decoded.push_back(*e);
        }
        if (typed) {
            out.typed.push_back(payload);
            out.stamps.push_back(payload != nullptr ? &stamps_[position - 1 - base_] : nullptr);
        }
    }
    return ok_status();
}

const RecordedEvent& EventRun::event(size_t i) const {
    if (decoded[i] != nullptr) return *decoded[i];
    // Only a held event with a payload and no upcast is left undecoded: reading it cannot fail.
    return store->recorded_log()[positions[i] - store->resident_from()];
}

std::vector<const RecordedEvent*> EventRun::all_events() const {
    std::vector<const RecordedEvent*> out(decoded);
    for (size_t i = 0; i < out.size(); ++i)
        if (out[i] == nullptr) out[i] = &event(i);
    return out;
}

const TypedPayload* EventStore::typed_payload(uint64_t position) const {
    if (codec_ == nullptr || position <= base_ || position - 1 - base_ >= std::min(typed_.size(), log_.size())) return nullptr;
    const TypedPayload& p = typed_[position - 1 - base_];
    return p.typed() ? &p : nullptr;
}

Result<EventList> EventStore::read_stream(const std::string& stream, uint64_t from_version, size_t max_count,
                                          Direction direction) const {
    EventList out;
    auto it = streams_.find(stream);
    if (it == streams_.end() || max_count == 0) return out;
    const std::vector<uint64_t>& positions = it->second;
    RecordedEvent scratch;
    auto push = [&](uint64_t position) -> Status {
        auto raw = stored_event(position, scratch);
        if (!raw.ok()) return raw.error();
        auto e = upcast(**raw);
        if (!e.ok()) return e.error();
        out.push_back(std::move(e).value());
        return ok_status();
    };
    if (direction == Direction::Forward) {
        for (uint64_t v = std::max<uint64_t>(from_version, 1); v <= positions.size() && out.size() < max_count; ++v) {
            Status s = push(positions[v - 1]);
            if (!s.ok()) return s.error();
        }
    } else {
        for (uint64_t v = std::min<uint64_t>(from_version, positions.size()); v >= 1 && out.size() < max_count; --v) {
            Status s = push(positions[v - 1]);
            if (!s.ok()) return s.error();
        }
    }
    return out;
}

Result<EventList> EventStore::read_all(uint64_t from_position, size_t max_count) const {
    static const std::vector<std::string> kAllTypes;
    return read_all(from_position, max_count, kAllTypes);
}

Result<EventList> EventStore::read_all(uint64_t from_position, size_t max_count,
                                       const std::vector<std::string>& types) const {
    EventList out;
    auto take = [&](const RecordedEvent& raw) -> Status {
        if (!types.empty() && std::find(types.begin(), types.end(), raw.type) == types.end()) return ok_status();
        auto e = upcast(raw);
        if (!e.ok()) return e.error();
        out.push_back(std::move(e).value());
        return ok_status();
    };
    uint64_t p = std::max<uint64_t>(from_position, 1);
    // Opened from a checkpoint: the events up to base_ are read from storage, a chunk at a time.
    while (p <= base_ && out.size() < max_count) {
        auto chunk = storage_.read(p, static_cast<size_t>(std::min<uint64_t>(4096, base_ - p + 1)));
        if (!chunk.ok()) return chunk.error();
        if (chunk->empty()) return make_error(ErrorCode::Io, "storage returned no event at position " + std::to_string(p));
        for (const RecordedEvent& raw : *chunk) {
            if (out.size() >= max_count) break;
            if (Status s = take(raw); !s.ok()) return s.error();
            ++p;
        }
    }
    for (; p <= head_position() && out.size() < max_count; ++p) {
        if (Status s = take(log_[p - 1 - base_]); !s.ok()) return s.error();
    }
    return out;
}

Result<EventList> EventStore::read_stored_log(VerifyReport& failure) const {
    EventList all;
    uint64_t head = storage_.head_position();
    while (all.size() < head) {
        auto chunk = storage_.read(all.size() + 1, 4096);
        if (!chunk.ok() || chunk->empty()) {
            failure.ok = false;
            failure.first_bad_position = all.size() + 1;
            failure.problem = chunk.ok() ? "storage returned no event" : chunk.error().message;
            failure.events_checked = all.size();
            return make_error(ErrorCode::Io, failure.problem);
        }
        all.insert(all.end(), chunk->begin(), chunk->end());
    }
    return all;
}

VerifyReport EventStore::verify_report() const {
    VerifyReport failure;
    auto all = read_stored_log(failure);
    return all.ok() ? verify_log(*all) : failure;
}

DigestCheck EventStore::check_digest(const LogDigest& digest) const {
    VerifyReport failure;
    auto all = read_stored_log(failure);
    if (all.ok()) return es::check_digest(*all, digest);
    DigestCheck out;
    out.ok = false;
    out.first_bad_position = failure.first_bad_position;
    out.problem = "position " + std::to_string(failure.first_bad_position) + ": " + failure.problem;
    return out;
}

Result<ChainWalk> EventStore::walk_stored_chain() const {
    VerifyReport failure;
    auto all = read_stored_log(failure);
    if (!all.ok()) return make_error(ErrorCode::Io, "position " + std::to_string(failure.first_bad_position) + ": " + failure.problem);
    // Opened from a checkpoint, the store holds no events as appended to compare with.
    return walk_chain(*all, base_ == 0 ? EventRange(log_) : EventRange());
}

Status EventStore::verify() const {
    VerifyReport r = verify_report();
    if (r.ok) return ok_status();
    return make_error(ErrorCode::Corrupt, "verification failed at position " + std::to_string(r.first_bad_position) +
                                              ": " + r.problem);
}

}  // namespace es
