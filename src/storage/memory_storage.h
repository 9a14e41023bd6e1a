// In-memory Storage for tests, the CLI's demo and the browser (WriteBehindStorage keeps its log
// here). Like every storage it keeps bytes: each event as its stored line (encode_event_line),
// copied from the store's append into blocks of its own, never a second decoded copy; a read
// decodes them. It enforces the Storage contract (gap-free positions, all-or-nothing batches) and
// lets tests and the immutability lesson change stored records to simulate tampering or a failing
// medium.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/byte_blocks.h"
#include "core/storage.h"

namespace es {

// The Storage contract's first rule, for the storages kept in memory: `batch` must continue a log
// whose head is `head` without a gap (a Conflict error otherwise, saying what was expected).
Status check_batch_continues(uint64_t head, const EventList& batch);

// "the stored event at position N cannot be read: <why>": how every stored record that cannot
// be read is named to the learner.
std::string stored_event_unreadable(uint64_t position, const std::string& why);

class MemoryStorage : public Storage {
public:
    MemoryStorage() = default;
    MemoryStorage(const MemoryStorage&) = delete;  // its lines view its own blocks
    MemoryStorage& operator=(const MemoryStorage&) = delete;

    // Stored lines handed over in bulk (the pages a backend read on page open): `lines` are one
    // encode_event_line() per event, positions 1, 2, ..., viewing the bytes of `blocks`, kept as
    // they are (a deque never moves them).
    struct SavedLines {
        std::deque<std::string> blocks;
        std::vector<std::string_view> lines;

        // Moved, never copied: a copy's views would point into the original's blocks.
        SavedLines() = default;
        SavedLines(SavedLines&&) = default;
        SavedLines& operator=(SavedLines&&) = default;
        SavedLines(const SavedLines&) = delete;
        SavedLines& operator=(const SavedLines&) = delete;
    };
    // Takes over `saved` as the whole log (the store decodes and verifies it: storage is dumb).
    // Only on a storage that holds no event.
    Status adopt_lines(SavedLines saved);

    // Keeps `lines` (one per event of `batch`, as the store wrote them), not the events.
    using Storage::append;
    Status append(const EventList& batch, const LineViews& lines) override;
    // Takes the bytes of a batch of at least kTakeAtLeast bytes (an import, another tab's
    // events) instead of copying them: an import of 1,000,000 events would otherwise hold its
    // ~560 MB of lines twice at its peak. A smaller batch is copied (a block of its own would be
    // mostly empty).
    static constexpr size_t kTakeAtLeast = ByteBlocks::kBlock / 2;
    Status append_taking(const EventList& batch, LineBatch& lines) override;
    // Decodes the stored lines; a line that does not decode is a Corrupt error naming its position.
    Result<EventList> read(uint64_t from_position, size_t max_count) const override;
    uint64_t head_position() const override { return lines_.size(); }
    std::string_view kept_line(uint64_t position) const override {
        return position >= 1 && position <= lines_.size() ? lines_[position - 1] : std::string_view();
    }
    Status save_snapshot(const Snapshot& snapshot) override;
    Result<std::optional<Snapshot>> load_snapshot(const std::string& stream_id, const std::string& state_type,
                                                  uint64_t max_stream_version) const override;
    std::vector<Snapshot> list_snapshots() const override;

    // The stored line of `position` (1..head), exactly as kept: the bytes an upcast must leave alone.
    // The view stays valid as long as the storage does: an edit, and the test hook
    // replace_events_for_testing, keep the old bytes beside the new ones.
    std::string_view stored_line(uint64_t position) const { return lines_[position - 1]; }
    // The stored record of `position`, for the immutability lesson and for tests: `edit` gets it
    // decoded and what it leaves is stored back as it is, hash untouched. Editing bypasses every
    // rule on purpose, and EventStore::verify() must catch it. An error from `edit` changes
    // nothing; NotFound when there is no such position.
    Status edit_stored_event(uint64_t position, const std::function<Status(RecordedEvent&)>& edit);
    // How many stored records were edited or replaced so: while 0, what is stored is what was
    // appended, and the views that compare the two need not read the stored log back.
    uint64_t edits() const { return edits_; }

    // Test hooks. The stored log decoded (empty when a line cannot be decoded), and the
    // stored log replaced by `events`, each written as its line as it is (no rule checked, hashes
    // kept): tests delete, reorder and rewrite records so, and integrity checks must catch it.
    EventList events_for_testing() const;
    void replace_events_for_testing(const EventList& events);
    // (The index is rebuilt on the next snapshot call, since the caller may edit anything.)
    std::vector<Snapshot>& snapshots_for_testing() {
        index_stale_ = true;
        return snapshots_;
    }
    // The next append fails with `error` and writes nothing (simulates a full disk).
    void fail_next_append(Error error) { next_append_error_ = std::move(error); }

private:
    // Lines kept side by side (ByteBlocks), not each in an allocation of its own between the
    // store's other allocations, so the memory the store frees around them
    // (RecordedLog::release_untouched) is whole.
    void keep_line(std::string_view line) { lines_.emplace_back(bytes_.keep(line)); }
    Status check_append(const EventList& batch, size_t line_count);

    ByteBlocks bytes_;                     // every byte lines_ views
    std::vector<std::string_view> lines_;  // position p's line at [p - 1]
    uint64_t edits_ = 0;
    std::vector<Snapshot> snapshots_;  // in save order
    // (stream, state type) -> stream version -> index in snapshots_, so a load is two lookups
    // instead of a scan that copied every candidate.
    using SnapshotKey = std::pair<std::string, std::string>;
    mutable std::map<SnapshotKey, std::map<uint64_t, size_t>> index_;
    mutable bool index_stale_ = false;
    void refresh_index() const;
    std::optional<Error> next_append_error_;
};

}  // namespace es
