// The one storage interface of the event store, in the spirit of leveldb's Env: a memory
// implementation for tests, an append-only JSON Lines file natively, IndexedDB in the browser.
// The store above it never knows which one it has. Storage is dumb on purpose: it keeps records
// in global-position order and snapshots by stream; every rule (versions, hashes, idempotency)
// lives in EventStore.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "core/byte_blocks.h"
#include "core/checkpoint.h"
#include "core/event.h"
#include "core/result.h"

namespace es {

// stream -> its events' global positions, version v at [v - 1]. Hashed: a store looks a stream up
// on every append and every event of an open.
using StreamPositions = std::unordered_map<std::string, std::vector<uint64_t>>;

// The stored lines of an append, one per event: views of bytes the caller keeps (Storage::append).
using LineViews = std::vector<std::string_view>;
static_assert(std::is_same_v<LineViews, decltype(LineBatch::lines)>);

// A snapshot of one stream's folded state at a stream version.
struct Snapshot {
    std::string stream_id;
    uint64_t stream_version = 0;   // the state includes events 1..stream_version of the stream
    uint64_t global_position = 0;  // position of the event at stream_version
    std::string state_type;        // which fold produced it, e.g. "bank.account"
    int state_schema_version = 1;  // bumped when the state's shape changes; older ones are ignored
    Json state = Json::object();
    int64_t taken_at_ms = 0;
    // What binds it to the log (core/snapshots.h, check_snapshot): the hash of the event at
    // global_position, and the SHA-256 of the snapshot's other fields (snapshot_checksum).
    // Empty in a snapshot written before they existed: such a one is never trusted.
    std::string event_hash;
    std::string checksum;
};

class Storage {
public:
    virtual ~Storage() = default;

    // Appends a batch whose global positions continue the log without gaps: all of it becomes
    // durable, or none of it does (an error says why). A position that is already taken is a
    // Conflict error and nothing is written. `lines[i]` is batch[i]'s stored line
    // (encode_event_line, no '\n'): the store writes each event once, as it hashes it, and a
    // storage that keeps bytes copies these instead of writing the event again. The views are
    // valid only during the call (the store reuses their bytes for its next append).
    virtual Status append(const EventList& batch, const LineViews& lines) = 0;
    // The same with lines kept in strings (tests, and events recorded elsewhere: encode_event_lines).
    Status append(const EventList& batch, const std::vector<std::string>& lines);
    // The same for a batch whose lines the caller no longer needs (an import, another tab's
    // events): a storage that keeps bytes in memory may take `lines`' bytes as they are instead
    // of copying them (MemoryStorage does for a large batch), leaving `lines` empty. On an
    // error nothing is taken.
    virtual Status append_taking(const EventList& batch, LineBatch& lines) { return append(batch, lines.lines); }

    // Up to `max_count` events with global position >= `from_position`, in position order.
    virtual Result<EventList> read(uint64_t from_position, size_t max_count) const = 0;

    // Global position of the last stored event; 0 when the log is empty.
    virtual uint64_t head_position() const = 0;

    // The line stored at `position` (1..head) as it is now, when this storage keeps it in memory
    // and those bytes stay as they are for as long as the storage lives (an edit keeps new bytes
    // beside them); empty when it keeps no such bytes. The store then holds a view of them for
    // an event it released from memory (RecordedLog), instead of a copy.
    virtual std::string_view kept_line(uint64_t /*position*/) const { return {}; }

    // Keeps a snapshot. Several per stream may exist; saving one at the same stream version and
    // state type replaces it.
    virtual Status save_snapshot(const Snapshot& snapshot) = 0;

    // The newest snapshot of `stream_id` with `state_type` at or before `max_stream_version`.
    virtual Result<std::optional<Snapshot>> load_snapshot(const std::string& stream_id,
                                                          const std::string& state_type,
                                                          uint64_t max_stream_version) const = 0;

    // Every snapshot kept, for the UI (oldest first).
    virtual std::vector<Snapshot> list_snapshots() const = 0;

    // Optional, for a storage that indexes its log (FileStorage): what a store opened from a
    // checkpoint (EventStore::open_from) asks instead of reading the events. The defaults say
    // there is no index, and the store then reads the whole log.
    virtual bool has_index() const { return false; }
    // Every stream's global positions up to `max_position`, in version order (version v at [v - 1]),
    // in the store's own index type (EventStore::streams_), which it fills directly.
    virtual Status stream_positions_upto(uint64_t max_position, StreamPositions& out) const;
    // The position of the stored event with this id, or 0 when no stored event has it.
    virtual Result<uint64_t> find_event_id(const std::string& event_id) const;

    // Optional: the checkpoint kept beside the log (core/checkpoint.h). Saving replaces it; a
    // storage without one keeps nothing. Loading: none kept, or a Corrupt error saying why the
    // one kept cannot be used.
    virtual Status save_checkpoint(const Checkpoint& checkpoint);
    virtual Result<std::optional<Checkpoint>> load_checkpoint() const;
};

}  // namespace es
