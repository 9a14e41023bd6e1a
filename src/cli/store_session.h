// Opening a store file for one CLI run: the FileStorage (with its lock), the EventStore over it
// with the bank upcasters, a system clock and random event ids. Every way opening can go wrong
// (missing file, file in use, corrupt line, broken hash chain) becomes one clear message and
// exit code 3; a torn tail that FileStorage cut, or a snapshot that is ignored, is a warning on
// stderr, and the run continues.
#pragma once

#include <memory>
#include <string>

#include "cli/args.h"
#include "core/clock.h"
#include "core/event_store.h"
#include "core/uuid.h"
#include "storage/file_storage.h"

namespace es::cli {

enum class OpenMode {
    MustExist,        // reading commands: a typo in the path must not create an empty store
    CreateIfMissing,  // exec and import
};

class StoreSession {
public:
    // Returns kExitOk, or prints why to io.err and returns kExitStore. With verify_chain false
    // only the file is opened (the `verify` subcommand checks the chain itself, to report it).
    int open(const std::string& path, OpenMode mode, const std::string& command, Io& io, bool verify_chain = true);

    FileStorage& storage() { return *storage_; }
    EventStore& store() { return *store_; }
    Clock& clock() { return clock_; }

private:
    SystemClock clock_;
    UuidGenerator ids_;
    std::unique_ptr<FileStorage> storage_;
    std::unique_ptr<EventStore> store_;
};

// "--store FILE" of `parsed`, or a usage error message; shared by every store subcommand.
bool require_store_option(const ParsedArgs& parsed, const std::string& command, std::ostream& err,
                          std::string& path);

}  // namespace es::cli
