// Shared fixtures for the FileStorage tests: a throwaway folder per test, chained events built
// directly (hashes computed with the real codec), and raw file access to forge damage by hand.
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>
#include <unistd.h>

#include "core/event_codec_reference.h"
#include "core/store_fixture.h"
#include "core/uuid.h"
#include "storage/file_storage.h"

namespace file_test {

using es::testing::append_events;

namespace fs = std::filesystem;
using es::EventList;
using es::FileStorage;
using es::RecordedEvent;

// A fresh folder per test, removed at the end even when a CHECK fails.
struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& name) {
        static std::atomic<int> counter{0};
        path = fs::temp_directory_path() /
               ("es_file_storage_" + name + "_" + std::to_string(::getpid()) + "_" +
                std::to_string(counter++));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    std::string file(const std::string& name) const { return (path / name).string(); }
};

inline std::string zero_hash() { return std::string(64, '0'); }

// An event at `position` chained to `prev_hash`; ids come from a seeded generator.
inline RecordedEvent make_event(uint64_t position, const std::string& prev_hash, es::UuidGenerator& ids) {
    RecordedEvent e;
    e.event_id = ids.next();
    e.stream_id = "account-" + std::to_string(position % 3);
    e.stream_version = position;  // storage does not check stream versions
    e.global_position = position;
    e.type = "MoneyDeposited";
    e.recorded_at_ms = 1700000000000 + static_cast<int64_t>(position);
    e.occurred_at_ms = e.recorded_at_ms;
    e.data = {{"amountCents", static_cast<int64_t>(position) * 100}, {"note", "line\nbreak \"q\""}};
    e.metadata.actor = "tester";
    e.prev_hash = prev_hash;
    e.hash = es::testing::compute_hash(e);
    return e;
}

// `count` events continuing after `after` (0 for an empty log).
inline EventList make_batch(const EventList& after, size_t count, es::UuidGenerator& ids) {
    EventList batch;
    std::string prev = after.empty() ? zero_hash() : after.back().hash;
    uint64_t position = after.empty() ? 0 : after.back().global_position;
    for (size_t i = 0; i < count; ++i) {
        batch.push_back(make_event(++position, prev, ids));
        prev = batch.back().hash;
    }
    return batch;
}

inline std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline void append_raw(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::app);
    out << bytes;
}

inline EventList read_all(const FileStorage& storage) {
    auto events = storage.read(0, static_cast<size_t>(-1));
    REQUIRE(events.ok());
    return events.value();
}

// The commit marker exactly as docs/LOG_FORMAT.md spells it (written out here, not taken from
// the implementation, so a format change has to change this test too).
inline std::string marker_line(uint64_t first, uint64_t last) {
    return "{\"commit\":{\"first\":" + std::to_string(first) + ",\"last\":" +
           std::to_string(last) + "}}\n";
}

// The event lines of `events` with no marker: what a crash mid-append can leave behind.
inline std::string event_lines(const EventList& events) {
    std::string bytes;
    for (const auto& e : events) bytes += es::encode_event_line(e) + "\n";
    return bytes;
}

// Writes `events` straight to a log file as one committed batch, bypassing FileStorage's checks.
inline void write_log(const std::string& path, const EventList& events) {
    append_raw(path, event_lines(events) +
                         marker_line(events.front().global_position,
                                     events.back().global_position));
}

}  // namespace file_test
