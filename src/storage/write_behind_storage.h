// Storage for the browser: the log lives in memory as its encoded lines (a MemoryStorage), kept
// as the backend handed them over (the store keeps the one decoded copy: a second one cost ~0.4 s of a
// 100,000-event load, a copy of the lines ~0.6 s, because touching fresh memory is what a load
// pays for most in the browser; docs/PERFORMANCE.md). Every change is also queued for a durable
// backend that writes asynchronously (IndexedDB: web/idb.js, one readwrite transaction per
// frame). Nothing here knows IndexedDB: the platform layer takes the
// queued records with take_unsent(), writes them, and reports back with on_write_committed()
// or on_write_failed(). So the rules (what is pending, what is saved, what a failure keeps) are
// plain C++, tested natively and as WASM.
//
// An event is "pending" from its append until the backend's transaction that holds it commits,
// and "saved" afterwards: saved_position() is the highest position such that it and every
// event before it are durable. A failed write loses nothing: its records go back to the front of
// the queue, stay readable and pending, and are handed over again on the next take_unsent().
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/memory_storage.h"

namespace es {

class WriteBehindStorage : public Storage {
public:
    struct EventRecord {
        uint64_t position = 0;
        // encode_event_line(): lossless, hashes included. A view of the line this storage keeps
        // (its bytes are never moved or freed while the storage lives), so queueing an event for
        // the backend copies nothing; the write copies it once, into the record it stores.
        std::string_view line;
    };
    struct SnapshotRecord {
        std::string stream_id;
        std::string state_type;
        uint64_t stream_version = 0;
        std::string json;  // snapshot_to_json(), dumped
    };
    // One write for the backend: all of it commits or none of it does.
    struct Outbox {
        std::vector<EventRecord> events;  // consecutive positions, oldest first
        std::vector<SnapshotRecord> snapshots;
        bool empty() const { return events.empty() && snapshots.empty(); }
    };

    // durable = false: there is no backend (IndexedDB unavailable); nothing is ever queued and
    // every event stays pending, which the UI reports as "in memory only".
    explicit WriteBehindStorage(bool durable = true) : durable_(durable) {}
    // Not copyable: the records queued for the backend view the lines its MemoryStorage keeps.
    WriteBehindStorage(const WriteBehindStorage&) = delete;
    WriteBehindStorage& operator=(const WriteBehindStorage&) = delete;

    // What the backend holds, as read on page open (MemoryStorage::SavedLines).
    using SavedLines = MemoryStorage::SavedLines;
    // Takes over what the backend holds: saved from the start. The store decodes and verifies the
    // lines (storage is dumb). Only on an empty storage.
    Status load_saved(SavedLines saved, const std::vector<Snapshot>& snapshots);
    // The same from one text: an encode_event_line() per event, each followed by '\n'.
    Status load_saved(std::string lines, const std::vector<Snapshot>& snapshots);

    using Storage::append;
    Status append(const EventList& batch, const LineViews& lines) override;
    Status append_taking(const EventList& batch, LineBatch& lines) override;
    // Decodes the stored lines; a line that does not decode is a Corrupt error naming its position.
    Result<EventList> read(uint64_t from_position, size_t max_count) const override;
    uint64_t head_position() const override { return memory_.head_position(); }
    std::string_view kept_line(uint64_t position) const override { return memory_.kept_line(position); }
    Status save_snapshot(const Snapshot& snapshot) override;
    Result<std::optional<Snapshot>> load_snapshot(const std::string& stream_id, const std::string& state_type,
                                                  uint64_t max_stream_version) const override;
    std::vector<Snapshot> list_snapshots() const override { return memory_.list_snapshots(); }

    // Everything queued and not yet handed over, as one write; empty while a write is in flight
    // (writes are strictly one after the other, so positions reach the backend in order).
    Outbox take_unsent();
    // The write handed out last is durable.
    void on_write_committed();
    // It is not (quota exceeded, transaction aborted...): its records are queued again, first.
    void on_write_failed(std::string why);
    // Events up to `position` were written to the backend by someone else (another tab): when
    // the store appends them here they count as saved and are not queued.
    void expect_saved_elsewhere(uint64_t position);

    bool durable() const { return durable_; }
    // The stored records, as MemoryStorage keeps them (edit_stored_event: the immutability lesson).
    Status edit_stored_event(uint64_t position, const std::function<Status(RecordedEvent&)>& edit) {
        return memory_.edit_stored_event(position, edit);
    }
    uint64_t edits() const { return memory_.edits(); }
    std::string_view stored_line(uint64_t position) const { return memory_.stored_line(position); }
    uint64_t saved_position() const { return saved_; }
    uint64_t pending_count() const { return head_position() - saved_; }
    bool write_in_flight() const { return in_flight_; }
    size_t unsent_events() const { return unsent_events_.size(); }
    // Why the last write failed; empty once a write commits.
    const std::string& last_error() const { return last_error_; }

private:
    // Queues the events of a batch just kept in memory_ for the backend (those saved elsewhere aside).
    void queue(const EventList& batch);
    bool durable_;
    MemoryStorage memory_;  // the stored lines and the snapshots
    uint64_t saved_ = 0;
    uint64_t saved_elsewhere_ = 0;
    std::deque<EventRecord> unsent_events_;
    std::deque<SnapshotRecord> unsent_snapshots_;
    Outbox in_flight_outbox_;
    bool in_flight_ = false;
    std::string last_error_;
};

}  // namespace es
