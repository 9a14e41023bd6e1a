// The read-only subcommands: `history` (one stream's events), `state` (every account, now or
// as it was at a position or a time: time travel is a replay of a prefix of the log) and
// `verify` (positions, stream versions, the hash chain, and that the bank can read every event;
// with --digest, also a digest saved earlier: commands_digest.h).
#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <ostream>

#include "bank/account.h"
#include "bank/events.h"
#include "bank/history_rules.h"
#include "bank/log_transfer.h"
#include "bank/money.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/commands_digest.h"
#include "cli/event_table.h"
#include "cli/store_session.h"
#include "core/event_writer.h"
#include "core/time_travel.h"

namespace es::cli {

namespace {

const char* const kHistoryHelp =
    "Usage: es-sandbox history --store FILE STREAM\n"
    "\n"
    "Prints the events of one stream in order: position, time, stream@version, type, amount,\n"
    "actor and reason. STREAM is a stream id (\"account-alice\") or an account id (\"alice\").\n"
    "\n"
    "Options:\n"
    "  --store FILE   the event log to read (never created)\n"
    "  --json         one event per line as JSON (upcast to the current schema) instead of a table\n"
    "  -h, --help     show this help\n";

const char* const kStateHelp =
    "Usage: es-sandbox state --store FILE [--at WHEN] [--json]\n"
    "\n"
    "Prints every account's state, rebuilt by replaying the log. With --at, replays only a\n"
    "prefix of it (time travel). WHEN is one of:\n"
    "  42                     a global position: the state after event #42 (0 = before anything)\n"
    "  2026-11-24T15:00:00Z   a UTC time (optionally .mmm milliseconds; 2026-11-24 = midnight):\n"
    "                         every event recorded at or before it\n"
    "  1764000000000ms        a UTC time as milliseconds since 1970-01-01 (note the 'ms' suffix;\n"
    "                         any 64-bit value, negative too)\n"
    "Without --at: now (the whole log).\n"
    "\n"
    "Options:\n"
    "  --store FILE   the event log to read (never created)\n"
    "  --at WHEN      position or time to travel to\n"
    "  --json         print {\"at\":...,\"headPosition\":N,\"accounts\":[...]} instead of text\n"
    "  -h, --help     show this help\n";

const char* const kVerifyHelp =
    "Usage: es-sandbox verify --store FILE [--digest POS:HASH]\n"
    "\n"
    "Checks the whole log: positions 1,2,3... without gaps, stream versions without gaps,\n"
    "unique event ids, the SHA-256 hash chain (any changed byte breaks it), and that the history\n"
    "keeps the bank's rules (a chain can be recomputed by anyone; the rules cannot be faked):\n"
    "every event is a bank event the code can read, accounts opened once and nothing after they\n"
    "close, closed only at zero, never below the overdraft limit, each TransferSent followed by\n"
    "its TransferReceived, one currency per account, no overflow, reversals of real deposits,\n"
    "recordedAt never going back and from 2000-01-01 to now + 1 day (docs/EVENT_MODEL.md).\n"
    "Prints \"ok: N events verified\" (exit 0), or the first bad position and what is wrong\n"
    "with it, naming the rule (exit 3).\n"
    "\n"
    "A history rewritten and rehashed from start to end passes that check. With --digest (a\n"
    "digest saved earlier from 'es-sandbox digest'), it first checks that the log still holds\n"
    "the history the digest vouched for: the chain from 1 to POS verifies and the event at POS\n"
    "has that hash. It prints \"digest ok: ...\" or \"FAILED digest: ...\" naming the first\n"
    "position that fails (a store shorter than POS is named as such); a failed digest exits 3.\n"
    "\n"
    "Options:\n"
    "  --store FILE        the event log to check (never created)\n"
    "  --digest POS:HASH   a digest the log must still hold\n"
    "  -h, --help          show this help\n";

// "alice" -> "account-alice", unless a stream with exactly that name exists.
std::string resolve_stream(const EventStore& store, const std::string& name) {
    if (store.stream_version(name) > 0 || name.rfind("account-", 0) == 0) return name;
    return bank::account_stream_id(name);
}

std::string list_streams(const EventStore& store) {
    std::string all;
    for (const std::string& s : store.stream_ids()) all += (all.empty() ? "" : ", ") + s;
    return all.empty() ? "none (the store is empty)" : all;
}

struct When {
    bool is_time = false;
    uint64_t position = 0;
    int64_t ms = 0;
};

Result<When> parse_when(const std::string& text, uint64_t head) {
    When w;
    auto all_digits = [](const std::string& s) {
        return !s.empty() && s.size() <= 18 &&
               std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    };
    if (all_digits(text)) {
        w.position = std::stoull(text);
        if (w.position > head)
            return make_error(ErrorCode::InvalidArgument,
                              "--at " + text + " is after the last event (position " + std::to_string(head) +
                                  "); use a position from 0 to " + std::to_string(head));
        return w;
    }
    w.is_time = true;
    // Milliseconds: any int64, since a store can hold any recordedAt (even one that breaks the rules).
    if (text.size() > 2 && text.compare(text.size() - 2, 2, "ms") == 0) {
        const char* first = text.data();
        const char* last = text.data() + text.size() - 2;
        const auto [end, ec] = std::from_chars(first, last, w.ms);
        if (ec == std::errc() && end == last) return w;
        if (ec == std::errc::result_out_of_range)
            return make_error(ErrorCode::InvalidArgument, "--at " + text + " is outside the times a store can hold (" +
                                                              std::to_string(std::numeric_limits<int64_t>::min()) + "ms to " +
                                                              std::to_string(std::numeric_limits<int64_t>::max()) + "ms)");
    }
    auto ms = parse_utc(text);
    if (!ms.ok())
        return make_error(ErrorCode::InvalidArgument,
                          "--at: " + ms.error().message + ", a position such as 42, or milliseconds such as 1764000000000ms");
    w.ms = *ms;
    return w;
}

}  // namespace

int run_history(const Args& args, Io& io) {
    ParsedArgs parsed;
    int code = kExitOk;
    if (!parse_or_exit(ArgSpec{"history", {"--store"}, {"--json"}, 1, 1, "STREAM"}, args, kHistoryHelp, io,
                       parsed, code))
        return code;
    std::string path;
    if (!require_store_option(parsed, "history", io.err, path)) return kExitUsage;
    StoreSession session;
    if (int c = session.open(path, OpenMode::MustExist, "history", io, true, OpenDepth::FromCheckpoint); c != kExitOk)
        return c;
    session.finish(io);  // a checkpoint for the next run when there was none
    const EventStore& store = session.store();
    const std::string stream = resolve_stream(store, parsed.positionals[0]);
    if (store.stream_version(stream) == 0) {
        io.err << "es-sandbox history: stream '" << stream << "' has no events. Streams in " << path << ": "
               << list_streams(store) << "\n";
        return kExitFailed;
    }
    auto events = store.read_stream(stream);
    if (!events.ok()) {
        io.err << "es-sandbox history: " << events.error().message << "\n";
        return kExitFailed;
    }
    if (parsed.flag("--json")) {
        for (const RecordedEvent& e : *events) io.out << encode_event_line(e) << "\n";
        return kExitOk;
    }
    io.out << "History of " << stream << " (" << events->size() << " event" << (events->size() == 1 ? "" : "s")
           << ")\n\n";
    print_event_table(io.out, *events);
    return kExitOk;
}

int run_state(const Args& args, Io& io) {
    ParsedArgs parsed;
    int code = kExitOk;
    if (!parse_or_exit(ArgSpec{"state", {"--store", "--at"}, {"--json"}, 0, 0, ""}, args, kStateHelp, io, parsed,
                       code))
        return code;
    std::string path;
    if (!require_store_option(parsed, "state", io.err, path)) return kExitUsage;
    // Now is the checkpoint's state and the events after it; another time is a replay of the log.
    const bool now = !parsed.option("--at");
    StoreSession session;
    if (int c = session.open(path, OpenMode::MustExist, "state", io, true, now ? OpenDepth::FromCheckpoint : OpenDepth::Whole);
        c != kExitOk)
        return c;
    if (now) session.finish(io);  // a checkpoint for the next run when there was none
    const EventStore& store = session.store();
    const uint64_t head = store.head_position();

    When when{false, head, 0};
    if (auto at = parsed.option("--at")) {
        auto parsed_when = parse_when(*at, head);
        if (!parsed_when.ok()) return usage_error(io.err, "state", parsed_when.error().message);
        when = *parsed_when;
    }
    static const Fold fold = bank::account_fold();
    FoldFor fold_for = [](const std::string& stream) -> const Fold* {
        return stream.rfind("account-", 0) == 0 ? &fold : nullptr;
    };
    auto states = now            ? session.account_states()
                  : when.is_time ? all_states_at_time(store, fold_for, when.ms)
                                 : all_states_at_position(store, fold_for, when.position);
    if (!states.ok()) {
        io.err << "es-sandbox state: cannot rebuild the state: " << states.error().message << "\n";
        return kExitFailed;
    }
    uint64_t included = when.position;
    if (when.is_time) {
        const RecordedLog& log = store.recorded_log();
        included = static_cast<uint64_t>(std::count_if(
            log.begin(), log.end(), [&](const RecordedEvent& e) { return e.recorded_at_ms <= when.ms; }));
    }

    Json accounts = Json::array();
    std::vector<bank::AccountState> rows;
    for (const auto& [stream, json] : *states) {
        auto s = bank::state_from_json(json);
        if (!s.ok()) {
            io.err << "es-sandbox state: " << stream << ": " << s.error().message << "\n";
            return kExitFailed;
        }
        if (!s->exists) continue;
        Json row = json;
        row["streamId"] = stream;
        row["balance"] = bank::format_amount(s->balance_cents);
        accounts.push_back(std::move(row));
        rows.push_back(std::move(*s));
    }
    if (parsed.flag("--json")) {
        Json at = when.is_time ? Json{{"time", format_utc(when.ms)}, {"ms", when.ms}, {"eventsIncluded", included}}
                               : Json{{"position", when.position}};
        io.out << Json{{"at", at}, {"headPosition", head}, {"accounts", accounts}}.dump(
                      -1, ' ', false, Json::error_handler_t::replace)
               << "\n";
        return kExitOk;
    }
    if (when.is_time)
        io.out << "State at " << format_utc(when.ms) << " (" << included << " of " << head
               << " events were recorded by then)\n";
    else
        io.out << "State at position " << when.position << " of " << head
               << (when.position == head ? " (now)" : "") << "\n";
    if (rows.empty()) io.out << "  no accounts yet\n";
    for (const bank::AccountState& s : rows) io.out << "  " << describe_account(s) << "\n";
    return kExitOk;
}

int run_verify(const Args& args, Io& io) {
    ParsedArgs parsed;
    int code = kExitOk;
    if (!parse_or_exit(ArgSpec{"verify", {"--store", "--digest"}, {}, 0, 0, ""}, args, kVerifyHelp, io, parsed, code))
        return code;
    const std::optional<LogDigest> digest = digest_option(parsed, "verify", io, code);
    if (code != kExitOk) return code;
    std::string path;
    if (!require_store_option(parsed, "verify", io.err, path)) return kExitUsage;
    StoreSession session;
    if (int c = session.open(path, OpenMode::MustExist, "verify", io, /*verify_chain=*/false); c != kExitOk)
        return c;
    auto events = session.storage().read(1, kNoLimit);
    if (!events.ok()) {
        io.err << "es-sandbox verify: cannot read " << path << ": " << events.error().message << "\n";
        return kExitStore;
    }
    const bool digest_held = !digest || report_digest_check(*events, *digest, io);
    VerifyReport report = verify_log(*events);
    if (!report.ok) {
        io.out << "FAILED: position " << report.first_bad_position << ": " << printable(report.problem) << " ("
               << report.events_checked << " event(s) before it verified)\n";
        return kExitStore;
    }
    // The chain proves the bytes were not changed, not that anyone kept the bank's rules: a
    // forged history can be rehashed, so the rules are replayed too.
    bank::HistoryRules rules(session.clock().now_ms());
    if (Status kept = bank::check_log(rules, *events); !kept.ok()) {
        io.out << "FAILED: position " << rules.broken()->position << ": the hash chain is intact but the history "
               << printable(kept.error().message) << " (" << rules.broken()->position - 1 << " event(s) before it kept every rule)\n";
        return kExitStore;
    }
    io.out << "ok: " << events->size() << " events verified";
    if (!events->empty())
        io.out << " (positions 1.." << events->size() << ", last hash " << events->back().hash.substr(0, 16) << "...)";
    io.out << "\n";
    return digest_held ? kExitOk : kExitStore;
}

}  // namespace es::cli
