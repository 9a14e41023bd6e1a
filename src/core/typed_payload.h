// Payloads decoded once: a domain gives the store a PayloadCodec, and the store keeps beside every
// event it holds a 16-byte TypedPayload the codec filled from the event (after upcasting), so a
// rebuild folds those instead of walking each event's JSON again. The core only carries them;
// what `kind` and `value` mean is the domain's (e.g. bank/typed_events.h).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/event.h"

namespace es {

struct TypedPayload {
    static constexpr uint16_t kUntyped = 0xffff;  // the codec declined (or there is none)

    uint32_t stream = 0;        // the stream's number in its store (StreamNumbers)
    uint16_t kind = kUntyped;   // the domain's code for the event's type
    uint16_t detail = 0;        // a small domain field
    int64_t value = 0;          // a domain field (e.g. an amount in cents)

    bool typed() const { return kind != kUntyped; }
};
static_assert(sizeof(TypedPayload) == 16, "one per event: keep it small");

// What a fold reads of an event besides its payload, kept beside each typed payload so a fold of
// events the store released from memory (recorded_log.h) need not decode them again: the event
// itself is decoded only to name it in an error, or for a fold that reads more. (Three fields of
// the stored envelope, docs/EVENT_MODEL.md, not all of it.)
struct EventStamp {
    uint64_t stream_version = 0;
    int64_t recorded_at_ms = 0;
    int64_t occurred_at_ms = 0;  // 0 when the event gives no business time
};
static_assert(sizeof(EventStamp) == 24, "one per event: keep it small");

// The domain's decoder. decode() sees the event as readers do (upcast to its current schema) and
// fills kind, detail and value, or returns false when it cannot say everything a projection of its
// own would read from the event in those fields; such an event is folded through apply().
class PayloadCodec {
public:
    virtual ~PayloadCodec() = default;
    virtual bool decode(const RecordedEvent& event, TypedPayload& out) const = 0;
};

// Numbers the streams of one store in order of first sight, so a payload names its stream in four
// bytes and a projection can keep a row per number instead of looking a string up per event.
class StreamNumbers {
public:
    StreamNumbers() = default;
    StreamNumbers(const StreamNumbers&) = delete;  // the keys view this one's names
    StreamNumbers& operator=(const StreamNumbers&) = delete;

    uint32_t number_of(std::string_view stream) {
        auto it = numbers_.find(stream);
        if (it != numbers_.end()) return it->second;
        names_.emplace_back(stream);
        const auto number = static_cast<uint32_t>(names_.size() - 1);
        numbers_.emplace(std::string_view(names_.back()), number);
        return number;
    }
    const std::string& name(uint32_t number) const { return names_[number]; }
    size_t size() const { return names_.size(); }
    // Changes at every clear(): a projection that keeps rows by number (across calls, as a
    // subscribed one does) starts its numbering cache again when it sees another generation.
    uint64_t generation() const { return generation_; }
    void clear() {
        numbers_.clear();
        names_.clear();
        ++generation_;
    }

private:
    uint64_t generation_ = 0;
    std::deque<std::string> names_;  // a deque never moves its strings, which the map's keys view
    std::unordered_map<std::string_view, uint32_t> numbers_;
};

}  // namespace es
