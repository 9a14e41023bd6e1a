// libFuzzer target: any bytes given to the event decoder give an event or an error, never a
// crash, a sanitizer report or an escaping exception. A decoded event must re-encode and decode
// to itself (the codec is lossless).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view line(reinterpret_cast<const char*>(data), size);
    auto decoded = es::decode_event_line(line);
    if (!decoded.ok()) {
        if (decoded.error().message.empty()) std::abort();  // every error must say what was wrong
        return 0;
    }
    auto again = es::decode_event_line(es::encode_event_line(decoded.value()));
    if (!again.ok() || !(again.value() == decoded.value())) std::abort();
    return 0;
}
