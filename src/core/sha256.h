// SHA-256 (FIPS 180-4) for the event store's hash chain and content checksums. The portable
// compression function runs everywhere (wasm32 included); on x86-64 CPUs with the SHA extensions
// a second one uses them, picked at run time, so the build needs no -m flags.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace es {

// Which compression function hashes the 64-byte blocks. All give the same digests.
enum class Sha256Impl {
    Portable,  // plain C++: WebAssembly and every CPU
    ShaNi,     // x86-64 SHA extensions (sha256rnds2, sha256msg1/2) with SSE4.1
};

const char* sha256_impl_name(Sha256Impl impl);  // "portable", "sha-ni"
// The implementations this machine can run, Portable first; the last is the fastest.
std::vector<Sha256Impl> sha256_impls_available();
// The one sha256() and a default-constructed Sha256 use: the fastest available, found once.
Sha256Impl sha256_default_impl();

// Incremental hasher: feed bytes with update() as they arrive, then call finish() once.
// After finish() the object is reset and can hash a new message.
class Sha256 {
public:
    // `impl` must be one of sha256_impls_available(); one this CPU lacks falls back to Portable.
    explicit Sha256(Sha256Impl impl = sha256_default_impl());

    void update(const void* data, size_t n);
    void update(std::string_view s) { update(s.data(), s.size()); }

    std::array<uint8_t, 32> finish();

private:
    // Runs the compression function over `count` consecutive 64-byte blocks.
    using CompressFn = void (*)(uint32_t state[8], const uint8_t* blocks, size_t count);

    void reset();

    CompressFn compress_;
    std::array<uint32_t, 8> state_;
    std::array<uint8_t, 64> buffer_;
    size_t buffered_ = 0;     // bytes waiting in buffer_, always < 64
    uint64_t total_bytes_ = 0;  // uint64_t, not size_t: wasm32's size_t would overflow at 4 GiB
};

using Sha256Digest = std::array<uint8_t, 32>;

Sha256Digest sha256(std::string_view bytes);
// The same with a chosen implementation (to compare them; see Sha256's constructor).
Sha256Digest sha256(std::string_view bytes, Sha256Impl impl);
// A digest as 64 lowercase hex characters.
std::string to_hex(const Sha256Digest& digest);
// The same into `out`, which has room for 64 characters (no terminator is written).
void write_hex(const Sha256Digest& digest, char* out);
// Whether `hex` is exactly to_hex(digest), without building that string.
bool hex_equals(std::string_view hex, const Sha256Digest& digest);
// Digest of `bytes` as 64 lowercase hex characters.
std::string sha256_hex(std::string_view bytes);

}  // namespace es
