// The native append-only storage: a JSON Lines event log (one event per line, each batch closed
// by a commit marker line, see docs/LOG_FORMAT.md) plus a JSON Lines snapshots file next to it.
// Like leveldb's log writer and reader in one small class: append() writes a batch's lines and
// its marker with one write and one fsync, and open() recovers from a crash by cutting whatever
// follows the last valid marker (reported, never silent) while refusing to touch a file that is
// corrupt anywhere else. POSIX only; the web uses IndexedDB.
//
// Beside the log it keeps an index (`<log>.index`, storage/file_index.h: where each event's line
// is, its stream, its id's key) and a checkpoint (`<log>.checkpoint`, core/checkpoint.h), so
// opening reads the index and the end of the file instead of the whole log, and reads events on
// demand. Both are derived and never trusted blindly: an index that is missing, damaged or does
// not end on the file's commit marker is rebuilt from the log (reported in OpenReport).
//
// Implemented: append/read/head, all-or-nothing batches, snapshots, uncommitted-tail repair,
//              exclusive flock per file, the index and the checkpoint.
// Missing:     hash verification (EventStore does it), compaction of the snapshots file.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/event.h"
#include "core/result.h"
#include "core/storage.h"
#include "storage/file_index.h"
#include "storage/snapshot_lines.h"

namespace es {

// What open() had to repair, like leveldb's log::Reader::Reporter but as plain data: a crash
// during an append can leave the lines of a batch without their commit marker, or a partial
// last line; open() cuts everything after the last valid marker. Callers should show it.
struct OpenReport {
    bool truncated_tail = false;  // the events file had an uncommitted tail that was cut
    uint64_t bytes_cut = 0;       // how many bytes were removed from the events file
    uint64_t events_cut = 0;      // complete event lines among them (their marker was missing)
    uint64_t line_number = 0;     // 1-based line number of the first line cut
    std::string reason;           // what was cut and why it was not committed

    // The same for the snapshots file (a torn snapshot line is cut the same way).
    bool snapshots_truncated_tail = false;
    uint64_t snapshots_bytes_cut = 0;
    std::string snapshots_reason;
    // Snapshot lines elsewhere that do not decode: a snapshot is only a cache, so each is
    // ignored (left in the file, never used) rather than failing the open.
    std::vector<std::string> snapshots_ignored;  // "line 3: <why>"

    // The index: rebuilt from the whole log (with why: missing, damaged, stale), or read and
    // only the end of the log after it scanned (index_tail_events: the events it did not cover).
    bool index_rebuilt = false;
    std::string index_reason;
    uint64_t index_tail_events = 0;
};

class FileStorage : public Storage {
public:
    // Opens (or creates) the log at `path` and `path + ".snapshots"`, takes an exclusive lock,
    // finds every committed event (through the index, or by scanning the file) and cuts an
    // uncommitted tail. Errors: Io (cannot open/read, folder missing, file in use by another
    // process), Corrupt (an event line that is bad and not the last one, a commit marker that
    // does not match its lines, or positions not 1,2,3...; the file is then left untouched). A bad
    // snapshot line is never an error: it is ignored, and named in the report when the key scan
    // already fails on it (otherwise by list_snapshots / stream_snapshots, which decode lines).
    static Result<std::unique_ptr<FileStorage>> open(const std::string& path,
                                                     OpenReport* report = nullptr);

    ~FileStorage() override;
    FileStorage(const FileStorage&) = delete;
    FileStorage& operator=(const FileStorage&) = delete;

    using Storage::append;
    Status append(const EventList& batch, const LineViews& lines) override;
    Result<EventList> read(uint64_t from_position, size_t max_count) const override;
    uint64_t head_position() const override { return index_.head(); }

    bool has_index() const override { return true; }
    Status stream_positions_upto(uint64_t max_position, StreamPositions& out) const override;
    Result<uint64_t> find_event_id(const std::string& event_id) const override;
    Status save_checkpoint(const Checkpoint& checkpoint) override;
    Result<std::optional<Checkpoint>> load_checkpoint() const override;
    // Writes the index if appends changed it (also done when the storage is destroyed): the new
    // events as a block added to the index file, or now and then the whole index. It is not
    // synced: after a crash the index may describe less than the file, and open() then scans
    // only what follows it (or rebuilds it, when a block was torn).
    Status save_index();

    Status save_snapshot(const Snapshot& snapshot) override;
    Result<std::optional<Snapshot>> load_snapshot(const std::string& stream_id,
                                                  const std::string& state_type,
                                                  uint64_t max_stream_version) const override;
    std::vector<Snapshot> list_snapshots() const override { return list_snapshots(nullptr); }
    // Every snapshot, decoded from the file now; each line that does not decode is named in
    // `ignored` ("line N: why") when given. Opening only keys the lines (snapshot_lines.h).
    std::vector<Snapshot> list_snapshots(std::vector<std::string>* ignored) const;
    // The same for the snapshots of one stream (any state type).
    std::vector<Snapshot> stream_snapshots(const std::string& stream_id, std::vector<std::string>* ignored) const;

    const std::string& path() const { return path_; }
    std::string snapshots_path() const { return path_ + ".snapshots"; }
    std::string index_path() const { return path_ + ".index"; }
    std::string checkpoint_path() const { return path_ + ".checkpoint"; }

private:
    FileStorage(std::string path, int events_fd, int snapshots_fd);

    // The index file as it is on disk: its size, the events and streams it holds, and how many
    // added blocks follow its base (0 events: none usable, write it whole).
    struct IndexFile {
        uint64_t bytes = 0;
        uint64_t events = 0;
        uint64_t streams = 0;
        uint64_t added_blocks = 0;
    };
    // The committed events file as open() finds it (file_storage_index.cpp).
    struct LogLoad {
        FileIndex index;              // every committed event
        IndexFile file;               // the index file it was read from
        bool index_changed = false;   // rebuilt or extended: to be written
        uint64_t file_size = 0;
        uint64_t committed_end = 0;   // the uncommitted tail, as EventLogScan names it:
        uint64_t tail_events = 0;
        uint64_t tail_first_line = 0;
        std::string tail_reason;
    };
    // Through the index file when it matches the events file (only the bytes after it are
    // scanned), otherwise a scan of the whole file that rebuilds it (why: in the report).
    static Result<LogLoad> load_log(int fd, const std::string& path, OpenReport* report);

    // Writes `bytes` at the end of `fd` and syncs; on failure truncates back to `old_size`.
    Status append_bytes(int fd, const std::string& file, uint64_t old_size,
                        const std::string& bytes);
    // The snapshot on line lines()[line] of the snapshots file, decoded now from `file` (the
    // file's bytes, read once by the caller) or read on its own when null; a Corrupt error
    // "line N: why" when it does not decode.
    Result<Snapshot> decode_snapshot_at(size_t line, const std::string* file) const;
    std::vector<Snapshot> decode_snapshots(const std::vector<size_t>& lines, const std::string* file,
                                           std::vector<std::string>* ignored) const;

    std::string path_;
    int events_fd_ = -1;
    int snapshots_fd_ = -1;
    uint64_t events_bytes_ = 0;     // size of the events file = end of the last commit marker
    uint64_t snapshots_bytes_ = 0;
    std::string broken_;            // set when a failed write could not be undone; blocks writes
    FileIndex index_;               // committed events only
    bool index_dirty_ = false;      // appended since the index file was written
    IndexFile index_file_;
    SnapshotLines snapshot_lines_;  // where each snapshot line is, by key
    uint64_t snapshot_line_count_ = 0;  // lines in the snapshots file, for the numbers in warnings
};

}  // namespace es
