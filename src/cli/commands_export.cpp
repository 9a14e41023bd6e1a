// `es-sandbox export`: every event of a store to stdout, either as the lossless JSON Lines that
// `import` reads back (same ids, positions, times and hashes), or as the JSON array KurrentDB's
// HTTP API accepts (POST /streams/<stream>, Content-Type: application/vnd.eventstore.events+json),
// with everything KurrentDB has no field for kept in each event's metadata. Both formats are
// written by bank/log_transfer.h, shared with the browser app.
#include <ostream>

#include "bank/log_transfer.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/store_session.h"

namespace es::cli {

namespace {

const char* const kExportHelp =
    "Usage: es-sandbox export --store FILE [--format jsonl|kurrent] [--stream STREAM]\n"
    "\n"
    "Writes every event of the store to standard output, exactly as stored (no upcasting).\n"
    "  jsonl    (default) one event per line with every field, hashes included: the input of\n"
    "           'es-sandbox import', which reproduces the store event for event.\n"
    "  kurrent  a JSON array of {eventId, eventType, data, metadata}, the body KurrentDB's HTTP\n"
    "           API accepts at POST /streams/<stream> (Content-Type:\n"
    "           application/vnd.eventstore.events+json). metadata keeps actor, reason,\n"
    "           $correlationId, $causationId and the original streamId, streamVersion,\n"
    "           globalPosition, schemaVersion, times and hashes. The HTTP API writes one stream\n"
    "           per request, so use --stream to export one stream at a time.\n"
    "\n"
    "Options:\n"
    "  --store FILE      the event log to read (never created; it must verify)\n"
    "  --format FORMAT   jsonl or kurrent\n"
    "  --stream STREAM   kurrent only: just this stream (\"account-alice\" or \"alice\")\n"
    "  -h, --help        show this help\n";

}  // namespace

int run_export(const Args& args, Io& io) {
    ParsedArgs parsed;
    int code = kExitOk;
    if (!parse_or_exit(ArgSpec{"export", {"--store", "--format", "--stream"}, {}, 0, 0, ""}, args, kExportHelp, io,
                       parsed, code))
        return code;
    std::string path;
    if (!require_store_option(parsed, "export", io.err, path)) return kExitUsage;
    const std::string format = parsed.option("--format").value_or("jsonl");
    if (format != "jsonl" && format != "kurrent")
        return usage_error(io.err, "export", "unknown --format '" + format + "'; use jsonl or kurrent");
    auto stream = parsed.option("--stream");
    if (stream && format != "kurrent")
        return usage_error(io.err, "export",
                           "--stream works with --format kurrent only: a jsonl export must hold the whole log so "
                           "that import can check positions and the hash chain");

    StoreSession session;
    if (int c = session.open(path, OpenMode::MustExist, "export", io); c != kExitOk) return c;
    const RecordedLog& log = session.store().recorded_log();
    if (format == "jsonl") {
        io.out << bank::export_jsonl(log);
        return kExitOk;
    }
    std::string only;
    if (stream) {
        only = (stream->rfind("account-", 0) == 0 || session.store().stream_version(*stream) > 0)
                   ? *stream
                   : "account-" + *stream;
        if (session.store().stream_version(only) == 0) {
            io.err << "es-sandbox export: stream '" << only << "' has no events\n";
            return kExitFailed;
        }
    }
    io.out << bank::kurrent_events(log, only).dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
    return kExitOk;
}

}  // namespace es::cli
