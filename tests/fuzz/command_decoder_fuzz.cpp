// libFuzzer target: any bytes, read as a command line the way `es-sandbox exec` reads one
// (parse_json, then the bank), give a command or an error with a message; never a crash or an
// escaping exception. A decoded command must survive command_to_json -> command_from_json
// unchanged. And the bank, given it against a store holding alice and bob, records no text a
// person could not have typed: no owner, actor or reason with a control character reaches an
// event (seeds: repeated keys, ESC/CR/NUL in each text field).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "bank/bank.h"
#include "bank/commands.h"
#include "core/clock.h"
#include "core/event_store.h"
#include "core/json_parse.h"
#include "core/uuid.h"
#include "storage/memory_storage.h"

namespace {

bool clean(const std::string& text) { return es::bank::control_character_problem(text).empty(); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto json = es::parse_json(text, es::ErrorCode::InvalidArgument);
    if (!json.ok()) {
        if (json.error().message.empty()) std::abort();
        return 0;
    }
    auto command = es::bank::command_from_json(*json);
    if (!command.ok()) {
        if (command.error().message.empty()) std::abort();
        return 0;
    }
    const es::Json encoded = es::bank::command_to_json(command.value());
    auto again = es::bank::command_from_json(encoded);
    if (!again.ok() || es::bank::command_to_json(again.value()) != encoded) std::abort();

    es::MemoryStorage storage;
    es::ManualClock clock;
    es::UuidGenerator ids(1);
    es::EventStore store(storage, clock, ids);
    if (!store.open().ok()) std::abort();
    es::bank::Bank bank(store);
    const es::bank::CommandMeta meta{"teller", "", std::nullopt};
    if (!bank.execute(es::bank::OpenAccount{"alice", "Alice", "USD", std::nullopt, meta}).ok() ||
        !bank.execute(es::bank::OpenAccount{"bob", "Bob", "USD", std::nullopt, meta}).ok() ||
        !bank.execute(es::bank::Deposit{"alice", 10000, meta}).ok())
        std::abort();
    auto outcome = bank.execute(command.value());
    if (!outcome.ok()) {
        if (outcome.error().message.empty()) std::abort();
        return 0;
    }
    for (const es::RecordedEvent& e : outcome->events) {
        if (!clean(e.metadata.actor) || !clean(e.metadata.reason)) std::abort();
        if (auto owner = e.data.find("owner"); owner != e.data.end() && !clean(owner->get<std::string>())) std::abort();
    }
    return 0;
}
