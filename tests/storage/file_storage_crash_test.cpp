// FileStorage under real failures, in child processes so the test runner survives: a writer
// SIGKILLed mid-append must never lose a batch it acknowledged nor leave one partly present, and
// a write that fails halfway (file size limit standing in for a full disk) must leave the file
// as it was.
#include <doctest/doctest.h>

#include <chrono>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "storage/file_fixtures.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using es::ErrorCode;
using es::EventList;
using es::FileStorage;
using namespace file_test;

namespace {

// What the writer child tells the parent, one fixed-size message per pipe write (atomic, as it
// is below PIPE_BUF, so a SIGKILL never tears one).
struct BatchMessage {
    uint64_t kind = 0;  // kAboutToAppend before append(), kAcknowledged after it returned ok
    uint64_t first = 0;
    uint64_t last = 0;
};
constexpr uint64_t kAboutToAppend = 1;
constexpr uint64_t kAcknowledged = 2;

// Reads what is in the pipe within `timeout_ms` (-1: block) into `received`; false at EOF.
bool read_messages(int fd, int timeout_ms, std::string* received) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return true;
    char buffer[4096];
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n <= 0) return false;
    received->append(buffer, static_cast<size_t>(n));
    return true;
}

std::vector<BatchMessage> parse_messages(const std::string& received) {
    std::vector<BatchMessage> out(received.size() / sizeof(BatchMessage));
    if (!out.empty()) std::memcpy(out.data(), received.data(), out.size() * sizeof(BatchMessage));
    return out;
}

bool has_ack(const std::string& received) {
    for (const BatchMessage& m : parse_messages(received)) {
        if (m.kind == kAcknowledged) return true;
    }
    return false;
}

}  // namespace

// The commit rule under a real crash: a child appends batches of 1-5 events, announcing each
// batch before append() and acknowledging it after; SIGKILL at a random moment must never lose
// an acknowledged batch, and the reopened file must end exactly at the end of a batch the child
// wrote: every batch on disk complete with its marker, none partly present.
TEST_CASE("file storage: acknowledged batches survive SIGKILL of the writer") {
    const uint64_t seed = 20240611;
    INFO("seed = " << seed);
    std::mt19937_64 rng(seed);
    TempDir dir("crash");
    const std::string path = dir.file("events.jsonl");
    std::vector<BatchMessage> on_disk;  // the batches the file holds, oldest first

    for (int round = 0; round < 5; ++round) {
        CAPTURE(round);
        const uint64_t child_seed = rng();
        const int delay_ms = 5 + static_cast<int>(rng() % 40);
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            ::close(fds[0]);
            auto opened = FileStorage::open(path);
            if (!opened.ok()) ::_exit(2);
            auto& storage = *opened.value();
            es::UuidGenerator ids(child_seed);
            std::mt19937_64 child_rng(child_seed);
            EventList tail = storage.read(storage.head_position(), 1).value();
            for (;;) {
                EventList batch = make_batch(tail, 1 + child_rng() % 5, ids);
                BatchMessage m{kAboutToAppend, batch.front().global_position,
                               batch.back().global_position};
                if (::write(fds[1], &m, sizeof m) != sizeof m) ::_exit(4);
                if (!append_events(storage, batch).ok()) ::_exit(3);
                tail = {batch.back()};
                m.kind = kAcknowledged;
                if (::write(fds[1], &m, sizeof m) != sizeof m) ::_exit(4);
            }
        }
        ::close(fds[1]);
        // Start the clock at the first acknowledgement so a slow machine still kills mid-stream,
        // and keep draining the pipe meanwhile so the child never blocks on it.
        std::string received;
        bool open_pipe = true;
        while (open_pipe && !has_ack(received)) open_pipe = read_messages(fds[0], -1, &received);
        const bool started = has_ack(received);
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms);
        while (open_pipe && std::chrono::steady_clock::now() < deadline) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                deadline - std::chrono::steady_clock::now());
            open_pipe = read_messages(fds[0], static_cast<int>(left.count()) + 1, &received);
        }
        ::kill(child, SIGKILL);
        int wstatus = 0;
        REQUIRE(::waitpid(child, &wstatus, 0) == child);
        CHECK(WIFSIGNALED(wstatus));  // an exit code would mean the child hit an error
        CHECK(started);
        while (read_messages(fds[0], -1, &received)) {
        }
        ::close(fds[0]);

        uint64_t committed = on_disk.empty() ? 0 : on_disk.back().last;
        std::vector<BatchMessage> attempted = on_disk;
        for (const BatchMessage& m : parse_messages(received)) {
            if (m.kind == kAboutToAppend) attempted.push_back(m);
            if (m.kind == kAcknowledged) committed = m.last;
        }
        CAPTURE(committed);

        es::OpenReport report;
        auto opened = FileStorage::open(path, &report);
        REQUIRE(opened.ok());
        EventList events = read_all(*opened.value());
        const uint64_t head = opened.value()->head_position();
        CAPTURE(head);
        CHECK(events.size() == head);
        CHECK(head >= committed);
        std::string prev = zero_hash();
        for (size_t i = 0; i < events.size(); ++i) {
            CHECK(events[i].global_position == i + 1);
            CHECK(events[i].prev_hash == prev);
            CHECK(events[i].hash == es::testing::compute_hash(events[i]));
            prev = events[i].hash;
        }

        // The head is the end of a batch the child wrote, and the file is exactly those batches,
        // byte for byte: each one's event lines followed by its marker, nothing after.
        on_disk.clear();
        std::string expected;
        for (const BatchMessage& b : attempted) {
            if (b.last > head) break;
            on_disk.push_back(b);
            expected += event_lines({events.begin() + static_cast<long>(b.first - 1),
                                     events.begin() + static_cast<long>(b.last)}) +
                        marker_line(b.first, b.last);
        }
        CHECK((on_disk.empty() ? 0 : on_disk.back().last) == head);
        const std::string bytes = file_bytes(path);
        CHECK(bytes.size() == expected.size());
        CHECK(bytes == expected);
    }
}

// RLIMIT_FSIZE makes write() stop part-way (then fail with EFBIG), like a disk filling up in
// the middle of a batch. Runs in a child because the limit is per process.
TEST_CASE("file storage: a batch that fails mid-write is undone and reported as Io") {
    TempDir dir("write_error");
    const std::string path = dir.file("events.jsonl");
    es::UuidGenerator ids(6);
    EventList first = make_batch({}, 2, ids);
    {
        auto opened = FileStorage::open(path);
        REQUIRE(opened.ok());
        REQUIRE(append_events(*opened.value(), first).ok());
    }
    const std::string before = file_bytes(path);

    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::signal(SIGXFSZ, SIG_IGN);  // get EFBIG instead of being killed
        auto opened = FileStorage::open(path);
        if (!opened.ok()) ::_exit(2);
        rlimit limit{};
        if (::getrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(3);
        const rlimit unlimited = limit;
        limit.rlim_cur = before.size() + 300;  // room for part of one line
        if (::setrlimit(RLIMIT_FSIZE, &limit) != 0) ::_exit(3);
        auto status = append_events(*opened.value(), make_batch(first, 3, ids));
        if (status.ok()) ::_exit(4);
        if (status.error().code != ErrorCode::Io) ::_exit(5);
        if (status.error().message.find(path) == std::string::npos) ::_exit(6);
        if (status.error().message.find("too large") == std::string::npos) ::_exit(7);
        if (opened.value()->head_position() != 2) ::_exit(8);
        // The store stays usable: once there is room, the same positions are accepted.
        if (::setrlimit(RLIMIT_FSIZE, &unlimited) != 0) ::_exit(3);
        if (!append_events(*opened.value(), make_batch(first, 1, ids)).ok()) ::_exit(9);
        ::_exit(0);
    }
    int wstatus = 0;
    REQUIRE(::waitpid(child, &wstatus, 0) == child);
    REQUIRE(WIFEXITED(wstatus));
    CHECK(WEXITSTATUS(wstatus) == 0);  // see the _exit codes above

    es::OpenReport report;
    auto reopened = FileStorage::open(path, &report);
    REQUIRE(reopened.ok());
    CHECK_FALSE(report.truncated_tail);  // the failed batch was cut by append, not left torn
    CHECK(reopened.value()->head_position() == 3);
    CHECK(file_bytes(path).substr(0, before.size()) == before);
}

}  // namespace ES_TEST_FILE_ID
