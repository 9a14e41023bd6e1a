// FileStorage: the JSON Lines log on a POSIX file. The byte-level rules (commit markers, what an
// uncommitted tail is) are specified in docs/LOG_FORMAT.md and implemented as pure functions in
// event_log_format.cpp; this file does the I/O: locking, reading, cutting, writing, syncing.
#include "storage/file_storage.h"

#include <cerrno>
#include <cstring>
#include <functional>
#include <string_view>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/snapshot_codec.h"
#include "storage/event_log_format.h"
#include "storage/file_io.h"
#include "storage/snapshot_lines.h"
#include "core/json_parse.h"

namespace es {
namespace {

std::string errno_text(int err) { return std::strerror(err); }

std::string parent_folder(const std::string& path) {
    const size_t slash = path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return path.substr(0, slash);
}

// Closes on scope exit unless released: open() has many early returns.
class FdGuard {
public:
    explicit FdGuard(int fd) : fd_(fd) {}
    ~FdGuard() { if (fd_ >= 0) ::close(fd_); }
    FdGuard(const FdGuard&) = delete;
    FdGuard& operator=(const FdGuard&) = delete;
    int get() const { return fd_; }
    int release() { int fd = fd_; fd_ = -1; return fd; }

private:
    int fd_;
};

int sync_file(int fd) {
#if defined(__APPLE__)
    return ::fsync(fd);
#else
    // fdatasync also flushes the size change, which is all a reader needs to see new lines.
    return ::fdatasync(fd);
#endif
}

// A newly created file's directory entry is only durable once the directory is synced.
void sync_folder(const std::string& folder) {
    int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;  // best effort: some file systems do not allow opening folders
    (void)::fsync(fd);
    ::close(fd);
}

Result<int> open_file(const std::string& path, bool* created) {
    *created = false;
    int fd = -1;
    do {
        fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0 && errno == ENOENT) {
        do {
            fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        } while (fd < 0 && errno == EINTR);
        if (fd >= 0) *created = true;
    }
    if (fd >= 0) return fd;
    const int err = errno;
    if (err == ENOENT) {
        return make_error(ErrorCode::Io, "cannot create store file " + path + ": folder " +
                                             parent_folder(path) +
                                             " does not exist; create it first or pick another path");
    }
    return make_error(ErrorCode::Io, "cannot open store file " + path + ": " + errno_text(err) +
                                         "; check the path and its permissions");
}

// 0 on success, else errno. O_APPEND makes every partial write continue at the end.
int write_all(int fd, const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno;
        if (n == 0) return EIO;  // no progress and no error: do not spin
        done += static_cast<size_t>(n);
    }
    return 0;
}

struct TailInfo {
    bool torn = false;
    uint64_t good_end = 0;     // byte offset just after the last good line
    uint64_t line_number = 0;  // the torn line
    std::string reason;
};

// The snapshots file's scan (one snapshot per line, so a line is its own commit): splits `data`
// into '\n'-terminated lines and hands each to `decode_line`. A line that is unterminated, or
// fails to decode and is the last one, is a torn tail; any other line that fails to decode is
// named in `ignored` (snapshots are a cache: a bad one is skipped, never fatal). Has no side
// effects.
TailInfo scan_lines(std::string_view data, const std::function<Status(std::string_view)>& decode_line,
                    std::vector<std::string>& ignored) {
    TailInfo tail;
    size_t start = 0;
    uint64_t line_number = 0;
    while (start < data.size()) {
        ++line_number;
        const size_t newline = data.find('\n', start);
        if (newline == std::string::npos) {
            tail.torn = true;
            tail.line_number = line_number;
            tail.reason = "line " + std::to_string(line_number) +
                          " has no terminating newline (a write torn by a crash)";
            return tail;
        }
        Status decoded = decode_line(data.substr(start, newline - start));
        if (!decoded.ok()) {
            if (newline + 1 == data.size()) {
                tail.torn = true;
                tail.line_number = line_number;
                tail.reason = "last line " + std::to_string(line_number) +
                              " does not decode (a write torn by a crash): " +
                              decoded.error().message;
                return tail;
            }
            ignored.push_back("line " + std::to_string(line_number) + ": " + decoded.error().message);
        }
        start = newline + 1;
        tail.good_end = start;
    }
    return tail;
}

// Cuts an uncommitted or torn tail so the next append starts right after the last commit.
Status cut_tail(int fd, const std::string& path, uint64_t good_end) {
    int rc;
    do {
        rc = ::ftruncate(fd, static_cast<off_t>(good_end));
    } while (rc != 0 && errno == EINTR);
    if (rc != 0 || sync_file(fd) != 0) {
        return make_error(ErrorCode::Io, "cannot cut the uncommitted end of " + path + ": " +
                                             errno_text(errno) + "; check the disk and retry");
    }
    return ok_status();
}

Status decode_snapshot_line(std::string_view line, std::vector<Snapshot>* out) {
    auto j = parse_json(line);
    if (!j.ok()) return make_error(ErrorCode::Corrupt, "snapshot line: " + j.error().message);
    Result<Snapshot> snapshot = snapshot_from_json(*j);
    if (!snapshot.ok()) return snapshot.error();
    out->push_back(std::move(snapshot).value());
    return ok_status();
}

}  // namespace

FileStorage::FileStorage(std::string path, int events_fd, int snapshots_fd)
    : path_(std::move(path)), events_fd_(events_fd), snapshots_fd_(snapshots_fd) {}

FileStorage::~FileStorage() {
    (void)save_index();  // best effort: an index that is not written is rebuilt next time
    if (snapshots_fd_ >= 0) ::close(snapshots_fd_);
    if (events_fd_ >= 0) ::close(events_fd_);  // also releases the flock
}

Result<std::unique_ptr<FileStorage>> FileStorage::open(const std::string& path,
                                                       OpenReport* report) {
    if (report) *report = OpenReport{};
    if (path.empty()) {
        return make_error(ErrorCode::InvalidArgument, "store file path is empty; pass a file path");
    }
    bool created = false;
    Result<int> events_fd = open_file(path, &created);
    if (!events_fd.ok()) return events_fd.error();
    FdGuard events_guard(events_fd.value());

    // flock belongs to the open file description, so it also stops a second open in this process.
    int rc;
    do {
        rc = ::flock(events_guard.get(), LOCK_EX | LOCK_NB);
    } while (rc != 0 && errno == EINTR);
    if (rc != 0) {
        if (errno == EWOULDBLOCK) {
            return make_error(ErrorCode::Busy, "store file " + path +
                                                 " is in use by another process; close the other "
                                                 "program or open a different file");
        }
        return make_error(ErrorCode::Io, "cannot lock store file " + path + ": " +
                                             errno_text(errno));
    }

    const std::string snapshots_path = path + ".snapshots";
    bool snapshots_created = false;
    Result<int> snapshots_fd = open_file(snapshots_path, &snapshots_created);
    if (!snapshots_fd.ok()) return snapshots_fd.error();
    FdGuard snapshots_guard(snapshots_fd.value());
    if (created || snapshots_created) sync_folder(parent_folder(path));

    // Read and validate both files completely before repairing either: evidence of corruption
    // in one must not be destroyed because the other had a torn tail. The events file through
    // its index when it has a good one (only the bytes after it are read).
    Result<LogLoad> events_load = load_log(events_guard.get(), path, report);
    if (!events_load.ok()) return events_load.error();

    // Mapped, not copied: only the key scan reads it.
    auto snapshots_file = map_file(snapshots_path);
    if (!snapshots_file.ok()) return snapshots_file.error();
    // Each snapshot line is keyed, not decoded (storage/snapshot_lines.h); one the key scan
    // cannot read, and the last line (which may be torn), are decoded now so they are named.
    SnapshotLines snapshot_lines;
    std::vector<std::string> snapshots_ignored;
    uint64_t snapshot_line_number = 0;
    const std::string_view sdata = (*snapshots_file)->bytes();
    const TailInfo st = scan_lines(
        sdata,
        [&](std::string_view line) -> Status {
            ++snapshot_line_number;
            const auto offset = static_cast<uint64_t>(line.data() - sdata.data());
            std::optional<SnapshotKey> key;
            if (offset + line.size() + 1 < sdata.size()) key = scan_snapshot_key(line);
            if (!key) {
                std::vector<Snapshot> decoded;
                if (Status s = decode_snapshot_line(line, &decoded); !s.ok()) return s;
                key = SnapshotKey{decoded[0].stream_id, decoded[0].state_type, decoded[0].stream_version};
            }
            snapshot_lines.add(std::move(*key), offset, static_cast<uint32_t>(line.size()), snapshot_line_number);
            return ok_status();
        },
        snapshots_ignored);

    LogLoad& et = events_load.value();
    if (et.committed_end != et.file_size) {
        Status cut = cut_tail(events_guard.get(), path, et.committed_end);
        if (!cut.ok()) return cut.error();
        if (report) {
            report->truncated_tail = true;
            report->bytes_cut = et.file_size - et.committed_end;
            report->events_cut = et.tail_events;
            report->line_number = et.tail_first_line;
            report->reason = et.tail_reason;
        }
    }
    if (report) report->snapshots_ignored = std::move(snapshots_ignored);
    if (st.torn) {
        Status cut = cut_tail(snapshots_guard.get(), snapshots_path, st.good_end);
        if (!cut.ok()) return cut.error();
        if (report) {
            report->snapshots_truncated_tail = true;
            report->snapshots_bytes_cut = sdata.size() - st.good_end;
            report->snapshots_reason = st.reason;
        }
    }

    std::unique_ptr<FileStorage> storage(
        new FileStorage(path, events_guard.release(), snapshots_guard.release()));
    storage->events_bytes_ = et.committed_end;
    storage->snapshots_bytes_ = st.good_end;
    storage->index_ = std::move(et.index);
    storage->index_.set_covered_bytes(et.committed_end);
    storage->index_dirty_ = et.index_changed;
    storage->index_file_ = et.file;
    storage->snapshot_lines_ = std::move(snapshot_lines);
    storage->snapshot_line_count_ = snapshot_line_number;
    return storage;
}

Status FileStorage::append_bytes(int fd, const std::string& file, uint64_t old_size,
                                 const std::string& bytes) {
    if (!broken_.empty()) return make_error(ErrorCode::Io, broken_);
    int err = write_all(fd, bytes);
    const char* step = "write to";
    if (err == 0 && sync_file(fd) != 0) {
        err = errno;
        step = "fsync";
    }
    if (err == 0) return ok_status();

    // Undo the partial batch so the file again ends on the last committed line.
    std::string message = "cannot " + std::string(step) + " store file " + file + ": " +
                          errno_text(err) + "; nothing was stored, free disk space or check the "
                                            "device and retry";
    int rc;
    do {
        rc = ::ftruncate(fd, static_cast<off_t>(old_size));
    } while (rc != 0 && errno == EINTR);
    if (rc != 0 || sync_file(fd) != 0) {
        broken_ = "store file " + file + " may hold a partial write that could not be undone (" +
                  errno_text(errno) + "); close and reopen the store to repair it";
        message += "; " + broken_;
    }
    return make_error(ErrorCode::Io, message);
}

Status FileStorage::append(const EventList& batch, const LineViews& lines) {
    if (batch.empty()) return ok_status();
    for (size_t i = 0; i < batch.size(); ++i) {
        const uint64_t expected = head_position() + 1 + i;
        if (batch[i].global_position != expected) {
            return make_error(ErrorCode::Conflict,
                              "event " + std::to_string(i + 1) + " of the batch has global "
                              "position " + std::to_string(batch[i].global_position) + " but the "
                              "log expects " + std::to_string(expected) + " (head is " +
                              std::to_string(head_position()) + "); nothing was written, reload "
                              "the head and retry");
        }
    }
    // One write carries the lines and their marker: until the marker is on disk, open() treats
    // the lines as never written, so a crash anywhere in this write loses the whole batch.
    const std::string bytes = encode_batch(batch, lines);
    Status written = append_bytes(events_fd_, path_, events_bytes_, bytes);
    if (!written.ok()) return written;
    uint64_t offset = events_bytes_;
    for (size_t i = 0; i < batch.size(); ++i) {
        index_.add(batch[i], offset, static_cast<uint32_t>(lines[i].size()));
        offset += lines[i].size() + 1;
    }
    events_bytes_ += bytes.size();
    index_.set_covered_bytes(events_bytes_);
    index_dirty_ = true;
    return ok_status();
}

Status FileStorage::save_snapshot(const Snapshot& snapshot) {
    const std::string bytes = snapshot_to_json(snapshot).dump() + '\n';
    Status written = append_bytes(snapshots_fd_, snapshots_path(), snapshots_bytes_, bytes);
    if (!written.ok()) return written;
    snapshot_lines_.add(SnapshotKey{snapshot.stream_id, snapshot.state_type, snapshot.stream_version},
                        snapshots_bytes_, static_cast<uint32_t>(bytes.size() - 1), ++snapshot_line_count_);
    snapshots_bytes_ += bytes.size();
    return ok_status();
}

Result<Snapshot> FileStorage::decode_snapshot_at(size_t line, const std::string* file) const {
    const SnapshotLines::Line& l = snapshot_lines_.lines()[line];
    std::string read;
    if (!file) {
        auto bytes = read_range(snapshots_fd_, snapshots_path(), l.offset, l.length);
        if (!bytes.ok()) return bytes.error();
        read = std::move(bytes).value();
    }
    const std::string_view text = file ? std::string_view(*file).substr(l.offset, l.length) : std::string_view(read);
    std::vector<Snapshot> decoded;
    if (Status s = decode_snapshot_line(text, &decoded); !s.ok())
        return make_error(s.error().code, "line " + std::to_string(l.number) + ": " + s.error().message);
    return std::move(decoded[0]);
}

std::vector<Snapshot> FileStorage::decode_snapshots(const std::vector<size_t>& lines, const std::string* file,
                                                    std::vector<std::string>* ignored) const {
    std::vector<Snapshot> out;
    for (size_t line : lines) {
        auto s = decode_snapshot_at(line, file);
        if (s.ok()) out.push_back(std::move(s).value());
        else if (ignored) ignored->push_back(s.error().message);
    }
    return newest_per_key(std::move(out));
}

Result<std::optional<Snapshot>> FileStorage::load_snapshot(const std::string& stream_id,
                                                           const std::string& state_type,
                                                           uint64_t max_stream_version) const {
    // The best line first; one that does not decode is skipped for the next best (a snapshot is
    // only a cache; audit_stream names it).
    for (size_t line : snapshot_lines_.candidates(stream_id, state_type, max_stream_version)) {
        auto s = decode_snapshot_at(line, nullptr);
        if (!s.ok()) {
            if (s.error().code == ErrorCode::Io) return s.error();
            continue;
        }
        if (s->stream_id == stream_id && s->state_type == state_type && s->stream_version <= max_stream_version)
            return std::optional<Snapshot>(std::move(s).value());
    }
    return std::optional<Snapshot>();
}

std::vector<Snapshot> FileStorage::list_snapshots(std::vector<std::string>* ignored) const {
    // Every line: the file is read once, not line by line.
    auto file = read_range(snapshots_fd_, snapshots_path(), 0, snapshots_bytes_);
    if (!file.ok()) {
        if (ignored) ignored->push_back(file.error().message);
        return {};
    }
    std::vector<size_t> all(snapshot_lines_.lines().size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = i;
    return decode_snapshots(all, &*file, ignored);
}

std::vector<Snapshot> FileStorage::stream_snapshots(const std::string& stream_id,
                                                    std::vector<std::string>* ignored) const {
    return decode_snapshots(snapshot_lines_.of_stream(stream_id), nullptr, ignored);
}

}  // namespace es
