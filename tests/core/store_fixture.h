// Shared test fixture for the core tests: an EventStore over a MemoryStorage with a manual clock
// and seeded ids, plus helpers to build events tersely.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/event_store.h"
#include "core/event_writer.h"
#include "core/uuid.h"
#include "storage/memory_storage.h"

namespace es::testing {

inline NewEvent make_event(const std::string& type, Json data = Json::object(), std::string id = "") {
    NewEvent e;
    e.event_id = std::move(id);
    e.type = type;
    e.data = std::move(data);
    return e;
}

// Storage::append for events recorded elsewhere (the store hands each event's line over itself).
inline Status append_events(Storage& storage, const EventList& batch) {
    return storage.append(batch, encode_event_lines(batch));
}

struct StoreFixture;

// Changes the stored record at `position` behind the store's back (MemoryStorage::edit_stored_event):
// what an attacker with write access to the medium does. Defined after StoreFixture.
template <class Edit>
void tamper(StoreFixture& f, uint64_t position, Edit edit);

struct StoreFixture {
    MemoryStorage storage;
    ManualClock clock{1000};
    UuidGenerator ids{42};
    EventStore store{storage, clock, ids};

    StoreFixture() { (void)store.open(); }

    // Appends without concurrency checks; the test fails loudly if it does not work.
    AppendResult given(const std::string& stream, std::vector<NewEvent> events) {
        auto r = store.append(stream, ExpectedVersion::any(), std::move(events));
        if (!r.ok()) throw std::runtime_error("given: " + r.error().message);
        return std::move(r).value();
    }
};

// The stored lines (encode_event_line) of a log of `n` deposits over three streams, positions 1..n.
inline std::vector<std::string> log_lines(int n) {
    StoreFixture f;
    for (int i = 0; i < n; ++i) f.given("account-" + std::to_string(i % 3), {make_event("Deposited", {{"cents", i}})});
    std::vector<std::string> lines;
    for (const RecordedEvent& e : f.store.recorded_log()) lines.push_back(encode_event_line(e));
    return lines;
}

template <class Edit>
void tamper(StoreFixture& f, uint64_t position, Edit edit) {
    const Status s = f.storage.edit_stored_event(position, [&](RecordedEvent& e) {
        edit(e);
        return ok_status();
    });
    if (!s.ok()) throw std::runtime_error("tamper: " + s.error().message);
}

}  // namespace es::testing
