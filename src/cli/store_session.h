// Opening a store file for one CLI run: the FileStorage (with its lock), the EventStore over it
// with the bank upcasters, a system clock and random event ids. Every way opening can go wrong
// (missing file, file in use, corrupt line, broken hash chain) becomes one clear message and
// exit code 3; a torn tail that FileStorage cut, or a snapshot that is ignored, is a warning on
// stderr, and the run continues.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "cli/args.h"
#include "core/checkpoint.h"
#include "core/clock.h"
#include "core/event_store.h"
#include "core/uuid.h"
#include "storage/file_storage.h"

namespace es::cli {

enum class OpenMode {
    MustExist,        // reading commands: a typo in the path must not create an empty store
    CreateIfMissing,  // exec and import
};

// How much of the log opening reads.
enum class OpenDepth {
    Whole,           // every event, checked from position 1 (commands that need the whole log)
    FromCheckpoint,  // the checkpoint and the events after it (exec, state, history)
};

class StoreSession {
public:
    // Returns kExitOk, or prints why to io.err and returns kExitStore. With verify_chain false
    // only the file is opened (the `verify` subcommand checks the chain itself, to report it).
    // With OpenDepth::FromCheckpoint the store opens from the file's checkpoint when it has a
    // good one (EventStore::open_from); one that is missing, damaged or does not match the log is
    // named on stderr, the whole log is checked instead, and finish() writes a new one.
    int open(const std::string& path, OpenMode mode, const std::string& command, Io& io, bool verify_chain = true,
             OpenDepth depth = OpenDepth::Whole);

    FileStorage& storage() { return *storage_; }
    bool from_checkpoint() const { return checkpoint_.has_value(); }
    EventStore& store() { return *store_; }
    Clock& clock() { return clock_; }

    // Every account stream's state at the head, by stream id (only streams with events): the
    // checkpoint's, then the events after it folded in; without a checkpoint, the whole log.
    Result<std::map<std::string, Json>> account_states() const;
    // Names on stderr the snapshots of `stream` that cannot be trusted (once per stream), as
    // opening the whole log does for every stream; a store opened from a checkpoint checks the
    // snapshots of the streams a command loads instead of all of them.
    void audit_stream(const std::string& stream, Io& io);
    // Ends the run: writes a checkpoint at the head when the head moved since the one read (or
    // there was none), and the index. A failure is a warning on stderr: both are only caches.
    void finish(Io& io);

private:
    // True when the store opened from the checkpoint; otherwise says why not on stderr (when it
    // is news) and leaves the store for a whole open.
    bool open_from_checkpoint(Io& io);

    std::string who_;
    std::string path_;
    std::optional<Checkpoint> checkpoint_;  // the one the store opened from
    std::set<std::string> audited_;         // streams whose snapshots audit_stream checked
    SystemClock clock_;
    UuidGenerator ids_;
    std::unique_ptr<FileStorage> storage_;
    std::unique_ptr<EventStore> store_;
};

// "--store FILE" of `parsed`, or a usage error message; shared by every store subcommand.
bool require_store_option(const ParsedArgs& parsed, const std::string& command, std::ostream& err,
                          std::string& path);

}  // namespace es::cli
