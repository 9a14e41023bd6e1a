// SHA-256 against the FIPS 180-4 / CAVP example vectors, plus incremental hashing in ragged chunks
// around the 55/56/64-byte padding boundaries where off-by-one bugs hide. Every check runs against
// every implementation this machine has (sha256_impls_available): natively with SHA extensions
// both the portable and the SHA-NI compression, under WebAssembly the portable one.
#include <doctest/doctest.h>

#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "core/sha256.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

namespace {

std::string hex(const std::array<uint8_t, 32>& digest) {
    static const char kHex[] = "0123456789abcdef";
    std::string out;
    for (uint8_t b : digest) {
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 0x0f]);
    }
    return out;
}

// Deterministic non-repeating-ish bytes; expected digests were computed with Python's hashlib.
std::string pattern(size_t length) {
    std::string s(length, '\0');
    for (size_t i = 0; i < length; ++i) s[i] = char((i * 31 + 7) & 0xff);
    return s;
}

std::string impl_names(const std::vector<es::Sha256Impl>& impls) {
    std::string out;
    for (es::Sha256Impl impl : impls) out += std::string(out.empty() ? "" : ", ") + es::sha256_impl_name(impl);
    return out;
}

}  // namespace

TEST_CASE("sha256: says which implementations it checks, the default among them") {
    const std::vector<es::Sha256Impl> impls = es::sha256_impls_available();
    // Printed, not only logged, so every run (ctest -V, the WASM run under Node) shows it.
    std::cout << "SHA-256 implementations checked on this machine: " << impl_names(impls) << " (default "
              << es::sha256_impl_name(es::sha256_default_impl()) << ")\n";
    REQUIRE(!impls.empty());
    CHECK(impls.front() == es::Sha256Impl::Portable);
    CHECK(impls.back() == es::sha256_default_impl());
#ifdef __EMSCRIPTEN__
    CHECK(impls.size() == 1);  // WebAssembly has only the portable compression
#endif
}

TEST_CASE("sha256: FIPS 180-4 example vectors, every implementation") {
    for (es::Sha256Impl impl : es::sha256_impls_available()) {
        INFO("implementation = " << es::sha256_impl_name(impl));
        auto hash = [impl](std::string_view s) { return es::to_hex(es::sha256(s, impl)); };
        CHECK(hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        CHECK(hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        CHECK(hash("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
        CHECK(hash("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                   "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu") ==
              "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
    }
    // The default the store uses is one of them.
    CHECK(es::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("sha256: one million 'a', one-shot and in 1000-byte updates, every implementation") {
    const std::string expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    const std::string chunk(1000, 'a');
    for (es::Sha256Impl impl : es::sha256_impls_available()) {
        INFO("implementation = " << es::sha256_impl_name(impl));
        CHECK(es::to_hex(es::sha256(std::string(1000000, 'a'), impl)) == expected);

        es::Sha256 hasher(impl);
        for (int i = 0; i < 1000; ++i) hasher.update(chunk);
        CHECK(hex(hasher.finish()) == expected);
    }
}

TEST_CASE("sha256: output is 64 lowercase hex characters") {
    const std::string digest = es::sha256_hex("Event Sourcing Sandbox");
    REQUIRE(digest.size() == 64);
    for (char c : digest) CHECK(((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')));
}

TEST_CASE("sha256: known digests around the padding boundaries") {
    struct Case {
        size_t length;
        const char* digest;
    };
    const Case cases[] = {
        {55, "8aa994584139d128848eeebc4e815639ba5ab6e6e39574195a63ac4f14f7c43b"},
        {56, "ad574708f75c044c9b85de64cb568ee7711ff4f36448c6242f053ba8f6cc2b63"},
        {63, "280ed3e8ff1df845b2e7dfe6ac6cee817bef20e783cc65abc41b818b4d2fe076"},
        {64, "c6ab9724ade5b6a7a1edfffb12f3aa9181351355af8fd08c919952ad211339dd"},
        {65, "788367c73c7ddf4c53f65e68cc0d943e6227ab55b0e78ba63ace822b1c6301c0"},
        {119, "3d610547d68216dedf7435a4fb6260353911f6b3fd3f18805ddb8be285d726fe"},
        {120, "1f80156a804cb7862ad113e8200e9d74499723e7c7854d5f48776d3148e09656"},
        {127, "192409cd280e14b743642ad1343fbd3e82d9305de72c078117745a679210cc3d"},
        {128, "cc548ca2dec1f6fe4f58b2e27aa9c7521607df1130d140b55a4dad0665302356"},
        {129, "81e89a7b2911aaa7795f9e3d4910cb47d6cd2b00d83b8399481527261a1a7519"},
    };
    for (es::Sha256Impl impl : es::sha256_impls_available()) {
        for (const Case& c : cases) {
            INFO("implementation = " << es::sha256_impl_name(impl) << ", length = " << c.length);
            CHECK(es::to_hex(es::sha256(pattern(c.length), impl)) == c.digest);
        }
    }
}

TEST_CASE("sha256: every implementation gives the portable digest for every length up to 300") {
    // 0..300 bytes covers the 55/56/63/64-byte padding edges of the first five blocks, and
    // multi-block messages that the SHA-NI path hashes in one call.
    for (es::Sha256Impl impl : es::sha256_impls_available()) {
        for (size_t length = 0; length <= 300; ++length) {
            INFO("implementation = " << es::sha256_impl_name(impl) << ", length = " << length);
            const std::string message = pattern(length);
            CHECK(es::sha256(message, impl) == es::sha256(message, es::Sha256Impl::Portable));
        }
    }
}

TEST_CASE("sha256: incremental updates in random odd-sized chunks equal one-shot, every implementation") {
    const uint32_t seed = 20240607;
    INFO("seed = " << seed);
    // Raw mt19937 output (not a distribution) so the chunking is identical on libstdc++ and libc++.
    std::mt19937 rng(seed);
    const size_t lengths[] = {0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 1000};
    for (es::Sha256Impl impl : es::sha256_impls_available()) {
        for (size_t length : lengths) {
            const std::string message = pattern(length);
            const std::string expected = es::to_hex(es::sha256(message, es::Sha256Impl::Portable));
            for (int trial = 0; trial < 20; ++trial) {
                INFO("implementation = " << es::sha256_impl_name(impl) << ", length = " << length
                                         << ", trial = " << trial);
                es::Sha256 hasher(impl);
                size_t pos = 0;
                while (pos < length) {
                    size_t chunk = 1 + 2 * (rng() % 20);  // odd sizes 1..39 straddle block edges
                    if (chunk > length - pos) chunk = length - pos;
                    hasher.update(message.data() + pos, chunk);
                    if (rng() % 4 == 0) hasher.update(nullptr, 0);  // empty updates are harmless
                    pos += chunk;
                }
                CHECK(hex(hasher.finish()) == expected);
            }
        }
    }
}

TEST_CASE("sha256: finish() resets the hasher for the next message") {
    for (es::Sha256Impl impl : es::sha256_impls_available()) {
        INFO("implementation = " << es::sha256_impl_name(impl));
        es::Sha256 hasher(impl);
        hasher.update("first message");
        (void)hasher.finish();
        hasher.update("abc");
        CHECK(hex(hasher.finish()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}

}  // namespace ES_TEST_FILE_ID
