// SHA-256 (FIPS 180-4) for the event store's hash chain and content checksums. Plain portable
// C++ with no intrinsics, so the same digest comes out natively and on wasm32.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace es {

// Incremental hasher: feed bytes with update() as they arrive, then call finish() once.
// After finish() the object is reset and can hash a new message.
class Sha256 {
public:
    Sha256();

    void update(const void* data, size_t n);
    void update(std::string_view s) { update(s.data(), s.size()); }

    std::array<uint8_t, 32> finish();

private:
    void reset();
    void compress(const uint8_t block[64]);

    std::array<uint32_t, 8> state_;
    std::array<uint8_t, 64> buffer_;
    size_t buffered_ = 0;     // bytes waiting in buffer_, always < 64
    uint64_t total_bytes_ = 0;  // uint64_t, not size_t: wasm32's size_t would overflow at 4 GiB
};

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest sha256(std::string_view bytes);
// A digest as 64 lowercase hex characters.
std::string to_hex(const Sha256Digest& digest);
// Whether `hex` is exactly to_hex(digest), without building that string.
bool hex_equals(std::string_view hex, const Sha256Digest& digest);
// Digest of `bytes` as 64 lowercase hex characters.
std::string sha256_hex(std::string_view bytes);

}  // namespace es
