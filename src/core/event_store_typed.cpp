// EventStore: the payloads decoded once (a PayloadCodec's TypedPayload per held event, kept in
// step with the log), and rebuild(), which folds them through a projection's fast path.
#include <algorithm>
#include <optional>

#include "core/event_store.h"

namespace es {

void EventStore::set_upcasters(const UpcasterRegistry* upcasters) {
    upcasters_ = upcasters;
    if (codec_ != nullptr) set_payload_codec(codec_);  // the payloads were decoded after upcasting
}

void EventStore::set_payload_codec(const PayloadCodec* codec) {
    codec_ = codec;
    typed_.clear();
    typed_.shrink_to_fit();
    typed_upcast_.clear();
    typed_upcast_.shrink_to_fit();
    stamps_.clear();
    stamps_.shrink_to_fit();
    stream_numbers_.clear();
    decode_new_payloads();
}

void EventStore::decode_new_payloads() {
    if (codec_ == nullptr) return;
    // Grow as the log grows (geometrically), not by one per append.
    if (typed_.capacity() < log_.size()) {
        typed_.reserve(std::max(log_.size(), 2 * typed_.capacity()));
        typed_upcast_.reserve(typed_.capacity());
        stamps_.reserve(typed_.capacity());
    }
    // Made only for an event that needs upcasting: a RecordedEvent starts with an empty `data`
    // object, an allocation each append would otherwise pay for nothing.
    std::optional<RecordedEvent> scratch;
    for (size_t i = typed_.size(); i < log_.size(); ++i) {
        const RecordedEvent& raw = log_[i];
        TypedPayload payload;
        if (!scratch && upcasters_ && upcasters_->needs_upcast(raw)) scratch.emplace();
        // An event that cannot be upcast stays untyped. Without the scratch, this one needs no upcasting.
        auto current = scratch ? current_view(raw, *scratch) : Result<const RecordedEvent*>(&raw);
        if (current.ok() && codec_->decode(**current, payload))
            payload.stream = stream_numbers_.number_of(raw.stream_id);
        else
            payload = TypedPayload{};
        typed_.push_back(payload);
        typed_upcast_.push_back(current.ok() && *current != &raw);
        stamps_.push_back(EventStamp{raw.stream_version, raw.recorded_at_ms, raw.occurred_at_ms});
    }
}

Status EventStore::rebuild(Projection& projection) const {
    projection.reset();
    projection.set_checkpoint(0);
    RecordedEvent scratch;
    auto fold = [&](const RecordedEvent& raw) -> Status {
        auto e = current_view(raw, scratch);  // no copy for events already current
        if (!e.ok()) return e.error();
        projection.apply(**e);
        projection.set_checkpoint(raw.global_position);
        return ok_status();
    };
    // Opened from a checkpoint: the events up to base_ are read from storage, a chunk at a time.
    for (uint64_t p = 1; p <= base_;) {
        auto chunk = storage_.read(p, static_cast<size_t>(std::min<uint64_t>(4096, base_ - p + 1)));
        if (!chunk.ok()) return chunk.error();
        if (chunk->empty()) return make_error(ErrorCode::Io, "storage returned no event at position " + std::to_string(p));
        for (const RecordedEvent& raw : *chunk) {
            if (Status s = fold(raw); !s.ok()) return s;
            ++p;
        }
    }
    // The held events: runs of typed payloads in one call each, the others through apply().
    const bool fast = codec_ != nullptr && projection.typed_codec() == codec_;
    const size_t typed_count = fast ? std::min(typed_.size(), log_.size()) : 0;
    for (size_t i = 0; i < log_.size();) {
        if (i < typed_count && typed_[i].typed()) {
            size_t end = i + 1;
            while (end < typed_count && typed_[end].typed()) ++end;
            projection.apply_typed(&typed_[i], end - i, stream_numbers_);
            projection.set_checkpoint(log_[end - 1].global_position);
            i = end;
            continue;
        }
        if (Status s = fold(log_[i]); !s.ok()) return s;
        ++i;
    }
    return ok_status();
}

}  // namespace es
