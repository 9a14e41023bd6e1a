// The event store: appends with optimistic concurrency and idempotency, reads by stream and by
// global position (upcast on the way out), a verified hash chain, and synchronous subscriptions
// that keep projections up to date. It keeps the whole log in memory (this is a sandbox) and
// writes through to one Storage; every rule lives here, the storage only keeps bytes.
// Files: event_store.cpp (open, append), event_store_read.cpp (reads, verify, digest check),
// event_store_subscriptions.cpp (subscribers, projections), event_store_typed.cpp (the payloads
// decoded once, and rebuild()).
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/byte_blocks.h"
#include "core/chain_walk.h"
#include "core/clock.h"
#include "core/digest.h"
#include "core/event_id_index.h"
#include "core/event_run.h"
#include "core/event.h"
#include "core/integrity.h"
#include "core/projection.h"
#include "core/recorded_log.h"
#include "core/result.h"
#include "core/storage.h"
#include "core/trace.h"
#include "core/typed_payload.h"
#include "core/upcasting.h"
#include "core/uuid.h"

namespace es {

constexpr size_t kMaxStreamIdLength = 256;
constexpr size_t kMaxEventTypeLength = 128;
constexpr uint64_t kEndOfStream = std::numeric_limits<uint64_t>::max();
constexpr size_t kNoLimit = std::numeric_limits<size_t>::max();

// What the writer believes about the stream before appending (optimistic concurrency).
struct ExpectedVersion {
    enum Kind { Any, NoStream, StreamExists, Exact };
    Kind kind = Any;
    uint64_t version = 0;  // only for Exact; Exactly(0) means the same as NoStream

    static ExpectedVersion any() { return {Any, 0}; }
    static ExpectedVersion no_stream() { return {NoStream, 0}; }
    static ExpectedVersion stream_exists() { return {StreamExists, 0}; }
    static ExpectedVersion exactly(uint64_t v) { return {Exact, v}; }

    std::string describe() const;  // "version 2", "no stream", ...
};

struct AppendResult {
    uint64_t first_position = 0;
    uint64_t last_position = 0;
    // The stream's version after the call: pass it as ExpectedVersion::exactly() next time. For
    // append_multi, the version of the last StreamAppend's stream (see next_stream_versions).
    uint64_t next_stream_version = 0;
    std::map<std::string, uint64_t> next_stream_versions;  // every stream written
    // Where the events are, not a copy of them (as EventStoreDB's and Emmett's appends answer):
    // the store keeps the one copy. Recorded at first_position..last_position, in the batch's
    // order; for an idempotent retry, the originals' positions in the batch's order (they need not
    // be consecutive). EventStore::recorded() reads them.
    std::vector<uint64_t> positions;
    bool was_duplicate = false;  // an idempotent retry: nothing was written
};

struct StreamAppend {
    std::string stream;
    ExpectedVersion expected;
    std::vector<NewEvent> events;
};

enum class Direction { Forward, Backward };

class EventStore {
public:
    EventStore(Storage& storage, Clock& clock, UuidGenerator& ids);

    // Loads the log, rebuilds the indexes and verifies it. On corruption the error names the first
    // bad position; the events stay readable for inspection but appends are refused.
    Status open();
    // The same over `events`, the whole log the caller has just read from this store's storage
    // (the browser decodes IndexedDB's records page by page as they arrive, under a progress bar):
    // the same checks, indexes and outcome as open(), without reading and decoding the log a second
    // time. Their count must be the storage's head (otherwise the log is reported corrupt, as
    // open() reports a storage that returns fewer events than its head). `content_hashes`, when
    // given, has one entry per event: the SHA-256 of its canonical bytes as decode_event_line
    // found it while decoding (off the stored line itself), so the chain check does not hash the
    // events again.
    // With HashCheck::Later the events' hashes are not recomputed (every other check is made:
    // positions, versions, ids, each prevHash naming the hash before it): the caller checks them
    // afterwards, e.g. a little each frame (check_event_hash in core/integrity.h), and reopens
    // with HashCheck::Now when one does not match, which reports it as open() always has.
    enum class HashCheck { Now, Later };
    Status open(EventList events, std::vector<Sha256Digest> content_hashes = {}, HashCheck hashes = HashCheck::Now);
    // Opens without reading the history: from a checkpoint at `position` whose event had hash
    // `event_hash` (core/checkpoint.h), over a storage that indexes its log (has_index()). The
    // stream versions and event ids up to `position` come from the storage's index; the event at
    // `position` is read and must still hash to `event_hash`, and the events after it are read,
    // checked link by link from that hash, and held in memory. What lies before `position` is
    // not checked here (verify() does that) and is read from storage when asked for.
    // Errors: Unsupported (no index), Conflict (the checkpoint does not match this log: it is
    // beyond the head, or the event at its position has another hash), or what open() reports
    // for the events after it. After an error, open() the whole log instead.
    Status open_from(uint64_t position, const std::string& event_hash);
    bool is_open() const { return open_ && !corrupt_; }

    Result<AppendResult> append(const std::string& stream, ExpectedVersion expected, std::vector<NewEvent> events);
    // All or nothing across streams: every expected version is checked before anything is written.
    Result<AppendResult> append_multi(std::vector<StreamAppend> appends);

    // Adds events recorded by another writer of the same log (another tab sharing the browser's
    // database, an import of an export) exactly as they are: same ids, versions, times, hashes.
    // They must continue this log: positions from head_position() + 1 without a gap, each
    // stream's versions continuing, the hash chain linking, every hash matching its content and
    // no id reused. All or nothing (an error names the first bad position); written to storage as
    // one batch, then delivered to subscribers. Returns the new head position.
    Result<uint64_t> append_recorded(EventRange events);
    // The same, keeping the caller's events instead of copying them into the log (an import):
    // `events` is left empty, or as it was when they are refused.
    Result<uint64_t> append_recorded(EventList&& events);
    // Why append_recorded would refuse `events`: the index in `events` of the first it refuses,
    // and the reason as ChainChecker words it (`link`: a position, version, id, prevHash or hash
    // that does not continue the log) or as the event format does (the event cannot be written);
    // nullopt when it would take them all. For a caller that names that event its own way (an
    // import names its line). `then`, when given, is checked after `events` as one more (index
    // events.size()). A refusal of the format stops the scan, as it stops the append.
    struct Refusal {
        size_t index = 0;
        bool link = false;
        std::string reason;
    };
    std::optional<Refusal> refusal_of(const EventList& events, const RecordedEvent* then = nullptr) const;
    // The events an append recorded (AppendResult::positions), exactly as stored: a copy, for a
    // caller that keeps them (a command's outcome). An error when storage cannot read one (an
    // idempotent retry of events before a checkpoint).
    Result<EventList> recorded(const AppendResult& appended) const;
    // Reads return events upcast to their current schema when an UpcasterRegistry is set.
    // Forward: versions >= from_version. Backward: versions <= from_version, newest first
    // (kEndOfStream = from the end). A stream that does not exist reads as empty.
    Result<EventList> read_stream(const std::string& stream, uint64_t from_version = 1, size_t max_count = kNoLimit,
                                  Direction direction = Direction::Forward) const;
    Result<EventList> read_all(uint64_t from_position = 1, size_t max_count = kNoLimit) const;
    Result<EventList> read_all(uint64_t from_position, size_t max_count, const std::vector<std::string>& types) const;

    // The log exactly as stored (no upcasting), for the UI's raw view and for tests: every
    // event, unless the store was opened from a checkpoint; then only the events after it
    // (positions from resident_from() on). stored_event() reads any position either way.
    const RecordedLog& recorded_log() const { return log_; }
    // Frees the decoded form of events nobody read during the last `min_age` calls, keeping their
    // stored lines only (RecordedLog::release_untouched: at most `max_chunks` chunks of 1,024
    // events this call); a later read decodes them again. References and pointers into
    // recorded_log() are invalid afterwards, so a caller that holds none calls it: the page once
    // a frame, after drawing.
    size_t release_cold_events(size_t max_chunks = SIZE_MAX, uint32_t min_age = 1) {
        return log_.release_untouched(max_chunks, min_age);
    }
    uint64_t resident_from() const { return base_ + 1; }
    // The event at `position` (1..head) exactly as stored: in memory without a copy, or read
    // from storage into `scratch` when the store was opened from a checkpoint before it.
    Result<const RecordedEvent*> stored_event(uint64_t position, RecordedEvent& scratch) const;
    // The hash of the event at head_position() (the genesis hash for an empty log).
    const std::string& head_hash() const { return log_.empty() ? base_hash_ : log_.back().hash; }

    uint64_t stream_version(const std::string& stream) const;  // 0 = no stream
    uint64_t head_position() const { return base_ + log_.size(); }
    std::vector<std::string> stream_ids() const;  // sorted
    // Global position of the stream's event at `version`; 0 when there is none.
    uint64_t position_of(const std::string& stream, uint64_t version) const;
    // Global positions of the stream's events in version order (version v at [v - 1]); empty
    // when there is no such stream. Raw events are recorded_log()[position - 1].
    const std::vector<uint64_t>& stream_positions(const std::string& stream) const;
    // The stream's version as of global position `position`: how many of its events have a
    // position <= `position` (binary search).
    uint64_t stream_version_at_position(const std::string& stream, uint64_t position) const;

    // Re-reads the whole log from storage and checks it (catches tampering below the store).
    Status verify() const;
    VerifyReport verify_report() const;
    // Re-reads the whole log from storage, as verify() does, and checks that it still holds the
    // history `digest` vouched for (core/digest.h): a rewrite that was rehashed passes verify()
    // but not this.
    DigestCheck check_digest(const LogDigest& digest) const;
    // Re-reads the whole log from storage, as verify() does, and walks its chain record by record
    // beside the events as this store appended them (core/chain_walk.h): what the Integrity view
    // draws. An error when storage cannot be read.
    Result<ChainWalk> walk_stored_chain() const;

    // Also decodes the held events' payloads again when a PayloadCodec is set (they are decoded
    // after upcasting).
    void set_upcasters(const UpcasterRegistry* upcasters);
    const UpcasterRegistry* upcasters() const { return upcasters_; }
    Result<RecordedEvent> upcast(const RecordedEvent& e) const;  // error names position and type
    // The event as upcast() would return it, without a copy when nothing needs upcasting: `raw`
    // itself, or the upcast copy stored in `scratch`. The pointer lives as long as both.
    Result<const RecordedEvent*> current_view(const RecordedEvent& raw, RecordedEvent& scratch) const;
    // Appends to `out` (core/event_run.h) the event at each of [first, last) (global positions,
    // in order), skipping those recorded after `max_recorded_ms` (a loaded log may not be
    // time-ordered, so a later one is not a stop): each as its current view, pointing where the
    // store keeps the event, or to a copy in `out.copies` when it was read from storage (before a
    // checkpoint) or upcast. With `typed_for` this store's payload codec (a fold's typed_codec:
    // any other leaves `typed` empty), also their typed payloads and stamps, and an event the
    // store released from memory that has a payload and needed no upcasting is not decoded: its
    // `events` entry is nullptr until out.event(i) asks for it. On error `out` holds the events
    // before it.
    Status current_views(const uint64_t* first, const uint64_t* last, EventRun& out,
                         int64_t max_recorded_ms = std::numeric_limits<int64_t>::max(),
                         const PayloadCodec* typed_for = nullptr) const;
    // The payload this store's codec decoded from the event at `position` (after upcasting);
    // nullptr without a codec, for an event it left untyped, or one not held in memory.
    const TypedPayload* typed_payload(uint64_t position) const;

    // Subscriptions. Delivery is synchronous and in position order: catch-up at once, then after
    // every successful append. A subscriber that fails (an upcast error) stops where it is and is
    // retried from there on the next append; see last_delivery_error(). Callbacks must not append.
    // A subscribed projection must outlive its subscription (unsubscribe before destroying it).
    // Catch-up from projection.checkpoint(); one that reads this store's typed payloads (see
    // rebuild) gets runs of them through apply_typed(), at catch-up and at every delivery.
    Result<uint64_t> subscribe(Projection& projection);
    // Delivers every event with position > after_position.
    uint64_t subscribe(uint64_t after_position, std::function<void(const RecordedEvent&)> callback);
    void unsubscribe(uint64_t subscription_id);
    // reset(), checkpoint 0, replay the whole log. A projection whose typed_codec() is this
    // store's payload codec gets the held events that codec decoded through apply_typed().
    Status rebuild(Projection& projection) const;
    const std::optional<Error>& last_delivery_error() const { return last_delivery_error_; }

    // The domain's decoder of payloads (core/typed_payload.h). While one is set, every event the
    // store holds in memory is decoded once, after upcasting, as it arrives (open, open_from's
    // tail, append, append_recorded), and rebuild() hands those payloads to projections that read
    // them. Setting one decodes the events already held; nullptr drops them. The codec must
    // outlive the store or be replaced.
    void set_payload_codec(const PayloadCodec* codec);
    const PayloadCodec* payload_codec() const { return codec_; }

    // While a trace is set, appends record what the store did (stored at which positions, or why
    // not) and which projections each new event was delivered to. nullptr stops tracing.
    void set_trace(Trace* trace) { trace_ = trace; }

private:
    struct Subscription {
        uint64_t id = 0;
        Projection* projection = nullptr;                   // either this...
        std::function<void(const RecordedEvent&)> callback;  // ...or this
        uint64_t position = 0;                              // for callbacks; projections keep their own
        bool active = true;
    };

    // The whole log as storage holds it now; on a read error, what verify_report says of it.
    Result<EventList> read_stored_log(VerifyReport& failure) const;
    // Verifies and indexes log_ (read from storage, whose head is `head`).
    Status finish_open(uint64_t head, const std::vector<Sha256Digest>* content_hashes = nullptr,
                       HashCheck hashes = HashCheck::Now);
    Status check_writable() const;  // open, verified, not inside a delivery
    Status check_batch(const std::vector<StreamAppend>& appends) const;
    std::optional<Result<AppendResult>> find_duplicate(const std::vector<StreamAppend>& appends) const;
    Status check_expected(const StreamAppend& a) const;
    // The store's indexes as a ChainChecker sees them: open() checks each event against the
    // indexes it is building, then adds it to them.
    // A const store gives a read-only view (under a MemoryLogIndex, which never adds below).
    class StoreIndex : public LogIndex {
    public:
        explicit StoreIndex(EventStore& store) : store_(store), writable_(&store) {}
        explicit StoreIndex(const EventStore& store) : store_(store) {}
        uint64_t version_of(const std::string& stream) const override;
        bool has_id(const std::string& event_id) const override;
        void add(const RecordedEvent& e) override;

    private:
        const EventStore& store_;
        EventStore* writable_ = nullptr;
    };
    // append_recorded's checks, the lines it writes into `lines` when given.
    std::optional<Refusal> link_recorded(const EventList& events, const RecordedEvent* then, LineBatch* lines) const;
    void index(const RecordedEvent& e);
    void forget();  // closed and empty, as before open()
    // The position of the event with this id; 0 when there is none (opened from a checkpoint,
    // ids up to base_ are asked of the storage's index).
    uint64_t position_of_id(const std::string& event_id) const;
    // Decodes the payloads of the held events that have none yet (typed_ catches up with log_).
    void decode_new_payloads();
    Status catch_up(Subscription& sub);
    // Folds the run of typed payloads after position `done` through projection.apply_typed();
    // false when there is none to fold that way (see catch_up).
    bool fold_typed_run(Projection& projection, uint64_t done);
    void deliver();

    Storage& storage_;
    Clock& clock_;
    UuidGenerator& ids_;
    const UpcasterRegistry* upcasters_ = nullptr;
    bool open_ = false;
    bool corrupt_ = false;
    std::optional<Error> open_error_;

    // Position p is log_[p - 1 - base_]. base_ is 0 unless the store was opened from a
    // checkpoint: events up to base_ then stay in storage, base_hash_ is the hash of the event at
    // base_ and base_recorded_at_ its recordedAt.
    RecordedLog log_;  // in chunks: an append never moves the events held (recorded_log.h)
    // The lines of the append under way (append_multi), on their way to storage_: its bytes are
    // reused by the next append.
    LineBatch append_lines_;
    uint64_t base_ = 0;
    std::string base_hash_ = kGenesisHash;
    int64_t base_recorded_at_ = 0;
    // stream -> positions, version v at [v - 1]. Hashed, not sorted: every append and every event
    // of an open looks its stream up (a sorted map compared ~10 long ids per lookup at 1,000
    // streams); stream_ids() sorts the names when asked.
    StreamPositions streams_;
    EventIdIndex by_id_;                                    // event id -> position
    // With a codec, position p's payload is typed_[p - 1 - base_] (in step with log_); else empty.
    const PayloadCodec* codec_ = nullptr;
    std::vector<TypedPayload> typed_;
    // In step with typed_: whether the event needed upcasting before its payload was decoded, so
    // current_views() need not ask the upcasters again (a hash of the type per event).
    std::vector<bool> typed_upcast_;
    // In step with typed_: what a fold reads of each event besides its payload.
    std::vector<EventStamp> stamps_;
    StreamNumbers stream_numbers_;

    std::vector<Subscription> subs_;
    uint64_t next_sub_id_ = 1;
    bool delivering_ = false;
    std::optional<Error> last_delivery_error_;
    Trace* trace_ = nullptr;
};

}  // namespace es
