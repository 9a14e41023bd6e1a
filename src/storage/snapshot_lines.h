// Where each snapshot is in FileStorage's snapshots file (`<log>.snapshots`, one JSON snapshot
// per line), so opening a store does not decode every snapshot it ever took: a line's key
// (stream, state type, stream version) is read from its top level with a scan that builds
// nothing, and the line itself is decoded only when a command asks for that stream. A line the
// scan cannot key (not an object, a key written with escapes, a field missing) is decoded at
// once, as before, so a line that is not JSON is still named when the store opens.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/storage.h"

namespace es {

struct SnapshotKey {
    std::string stream_id;
    std::string state_type;
    uint64_t stream_version = 0;
};

// The key of a snapshot line from its top-level members "streamId", "stateType" and
// "streamVersion", without decoding the rest; nullopt when the line is not a plain JSON object
// holding each of them once as a string without escapes (or, for the version, digits).
std::optional<SnapshotKey> scan_snapshot_key(std::string_view line);

// The snapshots file's lines by key. Line numbers are 1-based, as the warnings name them.
class SnapshotLines {
public:
    struct Line {
        SnapshotKey key;
        uint64_t offset = 0;  // of the line in the file
        uint32_t length = 0;  // without '\n'
        uint64_t number = 0;  // line number
    };

    void add(SnapshotKey key, uint64_t offset, uint32_t length, uint64_t number);
    uint64_t line_count() const { return lines_.size(); }

    // The lines of `stream_id` with `state_type` at or before `max_version`, the one to use
    // first: the highest version, and for one version the line written last (it replaced the
    // others). Indexes into lines().
    std::vector<size_t> candidates(const std::string& stream_id, const std::string& state_type,
                                   uint64_t max_version) const;
    // Every line of `stream_id` (any state type), in file order.
    std::vector<size_t> of_stream(const std::string& stream_id) const;
    const std::vector<Line>& lines() const { return lines_; }

private:
    std::vector<Line> lines_;                                   // file order
    std::map<std::string, std::vector<size_t>> by_stream_;      // stream -> its lines, file order
};

// `snapshots` in file order without the lines another line of the same key replaced (the last
// line of a key wins, kept where the key first appeared): what list_snapshots() returns.
std::vector<Snapshot> newest_per_key(std::vector<Snapshot> snapshots);

}  // namespace es
