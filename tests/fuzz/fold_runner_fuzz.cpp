// libFuzzer target: an arbitrary program and an event log, both from the fuzz bytes, given to the
// fold runner (src/learn) of each exercise: never a crash, a sanitizer report or an escaping
// exception, and every failure is an error or a difference with a message. The input is
// "<exercise byte><program text>\0<log bytes>"; every 4 log bytes make one event (kind, account,
// amount, flags), bank events of every type and schema and free-form ones, valid or not.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>

#include "bank/events.h"
#include "learn/fold_exercise.h"

namespace {

es::EventList log_from(std::string_view bytes) {
    using namespace es::bank;
    es::EventList log;
    uint64_t versions[4] = {0, 0, 0, 0};
    static const int64_t kAmounts[] = {0, 1, 5000, -1, std::numeric_limits<int64_t>::max(),
                                       std::numeric_limits<int64_t>::min()};
    for (size_t i = 0; i + 4 <= bytes.size() && log.size() < 200; i += 4) {
        const auto kind = static_cast<uint8_t>(bytes[i]) % 9;
        const auto account = static_cast<uint8_t>(bytes[i + 1]) % 4;
        const auto amount_byte = static_cast<uint8_t>(bytes[i + 2]);
        const auto flags = static_cast<uint8_t>(bytes[i + 3]);
        const std::string id = std::string(1, static_cast<char>('a' + account));
        const int64_t amount = amount_byte < 6 ? kAmounts[amount_byte] : amount_byte * 100;
        const es::EventMetadata meta{(flags & 1) ? "atm" : "teller", "", "", ""};
        es::NewEvent e;
        switch (kind) {
            case 0: e = make_event(AccountCreated{id, "Owner " + id, (flags & 2) ? "EUR" : "USD", amount & 0xffff}, meta); break;
            case 1: e = make_event(MoneyDeposited{id, amount, (flags & 2) ? "EUR" : "USD", "x"}, meta); break;
            case 2: e = make_legacy_deposit_v1(id, amount, meta); break;
            case 3: e = make_event(MoneyWithdrawn{id, amount}, meta); break;
            case 4: e = make_event(TransferSent{"t", id, "b", amount}, meta); break;
            case 5: e = make_event(TransferReceived{"t", id, "a", amount}, meta); break;
            case 6: e = make_event(AccountClosed{id}, meta); break;
            case 7: e = make_event(DepositReversed{id, amount, static_cast<uint64_t>(amount_byte), "r"}, meta); break;
            default:
                e.type = (flags & 4) ? "SeatReserved" : "TicketIssued";
                e.data = es::Json{{"time", "t"}, {"text", std::string(bytes.substr(i, 4))}};
        }
        es::RecordedEvent r;
        r.global_position = log.size() + 1;
        r.stream_id = kind == 8 ? "booking" : (flags & 8) ? "account-b" : account_stream_id(id);
        r.stream_version = (flags & 16) ? 7 : ++versions[account];
        r.type = e.type;
        r.schema_version = (flags & 32) ? 9 : e.schema_version;
        r.recorded_at_ms = static_cast<int64_t>(r.global_position) * 1000;
        r.data = std::move(e.data);
        r.metadata = e.metadata;
        log.push_back(std::move(r));
    }
    return log;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
    const size_t split = input.find('\0');
    const std::string_view program = input.substr(0, split);
    const es::EventList log = log_from(split == std::string_view::npos ? std::string_view() : input.substr(split + 1));
    const auto exercise = static_cast<es::learn::Exercise>(data[0] % 3);
    const std::string model = (data[0] & 4) ? "deposits-by-actor" : "largest-withdrawal";
    es::learn::ExerciseRun run(exercise, program, log, {}, model, es::learn::LuaLimits{200'000, 4u << 20});
    while (const es::learn::ExerciseStep* step = run.step()) {
        if (step->event.empty()) std::abort();
        if (!step->diffs.empty() && !run.done()) std::abort();  // the run stops at a difference
    }
    if (!run.done()) std::abort();
    if (run.error() && run.error()->message.empty()) std::abort();
    if (run.verdict().empty()) std::abort();
    if (run.matched() && run.error()) std::abort();
    for (const std::string& key : run.keys()) (void)run.final_state(key);
    return 0;
}
