// `es-sandbox export`: every event of a store to stdout, either as the lossless JSON Lines that
// `import` reads back (same ids, positions, times and hashes), or as the JSON array KurrentDB's
// HTTP API accepts (POST /streams/<stream>, Content-Type: application/vnd.eventstore.events+json),
// with everything KurrentDB has no field for kept in each event's metadata.
#include <ostream>

#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/store_session.h"
#include "core/codec.h"

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

Json kurrent_event(const RecordedEvent& e) {
    Json metadata = {{"actor", e.metadata.actor},
                     {"reason", e.metadata.reason},
                     {"streamId", e.stream_id},
                     {"streamVersion", e.stream_version},
                     {"globalPosition", e.global_position},
                     {"schemaVersion", e.schema_version},
                     {"recordedAt", e.recorded_at_ms},
                     {"occurredAt", e.occurred_at_ms},
                     {"prevHash", e.prev_hash},
                     {"hash", e.hash}};
    // KurrentDB reads these two system keys to link events of one user action.
    if (!e.metadata.correlation_id.empty()) metadata["$correlationId"] = e.metadata.correlation_id;
    if (!e.metadata.causation_id.empty()) metadata["$causationId"] = e.metadata.causation_id;
    return Json{{"eventId", e.event_id}, {"eventType", e.type}, {"data", e.data}, {"metadata", metadata}};
}

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
    const EventList& log = session.store().recorded_log();
    if (format == "jsonl") {
        for (const RecordedEvent& e : log) io.out << encode_event_line(e) << "\n";
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
    Json array = Json::array();
    for (const RecordedEvent& e : log)
        if (only.empty() || e.stream_id == only) array.push_back(kurrent_event(e));
    io.out << array.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
    return kExitOk;
}

}  // namespace es::cli
