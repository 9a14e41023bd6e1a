// The native append-only storage: a JSON Lines event log (one event per line, each batch closed
// by a commit marker line, see docs/LOG_FORMAT.md) plus a JSON Lines snapshots file next to it.
// Like leveldb's log writer and reader in one small class: append() writes a batch's lines and
// its marker with one write and one fsync, and open() recovers from a crash by cutting whatever
// follows the last valid marker (reported, never silent) while refusing to touch a file that is
// corrupt anywhere else. POSIX only; the web uses IndexedDB.
//
// Implemented: append/read/head, all-or-nothing batches, snapshots, uncommitted-tail repair,
//              exclusive flock per file.
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
};

class FileStorage : public Storage {
public:
    // Opens (or creates) the log at `path` and `path + ".snapshots"`, takes an exclusive lock,
    // loads every committed event into memory and cuts an uncommitted tail. Errors: Io (cannot
    // open/read, folder missing, file in use by another process), Corrupt (an event line that is
    // bad and not the last one, a commit marker that does not match its lines, or positions not
    // 1,2,3...; the file is then left untouched). A bad snapshot line is never an error: it is
    // ignored and named in the report.
    static Result<std::unique_ptr<FileStorage>> open(const std::string& path,
                                                     OpenReport* report = nullptr);

    ~FileStorage() override;
    FileStorage(const FileStorage&) = delete;
    FileStorage& operator=(const FileStorage&) = delete;

    Status append(const EventList& batch, std::vector<std::string> lines) override;
    Result<EventList> read(uint64_t from_position, size_t max_count) const override;
    uint64_t head_position() const override { return events_.size(); }

    Status save_snapshot(const Snapshot& snapshot) override;
    Result<std::optional<Snapshot>> load_snapshot(const std::string& stream_id,
                                                  const std::string& state_type,
                                                  uint64_t max_stream_version) const override;
    std::vector<Snapshot> list_snapshots() const override { return snapshots_; }

    const std::string& path() const { return path_; }
    std::string snapshots_path() const { return path_ + ".snapshots"; }

private:
    FileStorage(std::string path, int events_fd, int snapshots_fd);

    // Writes `bytes` at the end of `fd` and syncs; on failure truncates back to `old_size`.
    Status append_bytes(int fd, const std::string& file, uint64_t old_size,
                        const std::string& bytes);
    void keep_snapshot(Snapshot snapshot);

    std::string path_;
    int events_fd_ = -1;
    int snapshots_fd_ = -1;
    uint64_t events_bytes_ = 0;     // size of the events file = end of the last commit marker
    uint64_t snapshots_bytes_ = 0;
    std::string broken_;            // set when a failed write could not be undone; blocks writes
    EventList events_;              // committed events only; events_[i] has position i + 1
    std::vector<Snapshot> snapshots_;  // oldest first; one per (stream, type, version)
};

}  // namespace es
