// libFuzzer target: any bytes, parsed as JSON and given to the command decoder, give a command
// or an error with a message; never a crash or an escaping exception. A decoded command must
// survive command_to_json -> command_from_json unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "bank/commands.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const es::Json json = es::Json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) return 0;
    auto command = es::bank::command_from_json(json);
    if (!command.ok()) {
        if (command.error().message.empty()) std::abort();
        return 0;
    }
    const es::Json encoded = es::bank::command_to_json(command.value());
    auto again = es::bank::command_from_json(encoded);
    if (!again.ok() || es::bank::command_to_json(again.value()) != encoded) std::abort();
    return 0;
}
