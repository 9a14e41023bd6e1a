// libFuzzer target: any bytes given to the event reader give an event or an error, never a
// crash, a sanitizer report or an escaping exception. It is also the differential test of the
// reader's two halves: the fast path (event_reader::read_canonical) must read exactly the event
// the strict reader reads, or decline; decode_event_line (both) must agree with the strict reader,
// event or message; and the content hash, read off the line or computed, must be the hash of the
// canonical bytes. A decoded event must re-encode and decode to itself (the codec is lossless).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/event_reader.h"
#include "core/event_writer.h"

namespace {

// `a` and `b` hold the same values of the same JSON types all the way down (== alone would take
// the number 5 read as unsigned for the number 5 read as signed).
bool same_types(const es::Json& a, const es::Json& b) {
    if (a.type() != b.type() || a.size() != b.size()) return false;
    if (a.is_object()) {
        for (auto it = a.begin(); it != a.end(); ++it)
            if (!b.contains(it.key()) || !same_types(it.value(), b[it.key()])) return false;
    } else if (a.is_array()) {
        for (size_t i = 0; i < a.size(); ++i)
            if (!same_types(a[i], b[i])) return false;
    }
    return a == b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view line(reinterpret_cast<const char*>(data), size);
    auto strict = es::event_reader::read_strict(line);
    es::Sha256Digest fast_hash{};
    bool hashed = false;
    auto fast = es::event_reader::read_canonical(line, &fast_hash, &hashed);
    if (fast) {
        if (!strict.ok() || !(*fast == strict.value()) || !same_types(fast->data, strict->data)) std::abort();
        if (hashed && fast_hash != es::sha256(es::canonical_bytes(strict.value()))) std::abort();
    }
    es::Sha256Digest content{};
    auto decoded = es::decode_event_line(line, &content);
    if (decoded.ok() != strict.ok()) std::abort();
    if (!decoded.ok()) {
        if (decoded.error().message.empty() || decoded.error().message != strict.error().message) std::abort();
        return 0;
    }
    if (!(decoded.value() == strict.value())) std::abort();
    if (content != es::sha256(es::canonical_bytes(decoded.value()))) std::abort();
    auto again = es::decode_event_line(es::encode_event_line(decoded.value()));
    if (!again.ok() || !(again.value() == decoded.value())) std::abort();
    return 0;
}
