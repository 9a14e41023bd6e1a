// Random (version 4) UUIDs for event ids and correlation ids, plus a format check for ids that
// arrive from outside (imports, the UI). A seeded generator makes tests and demos reproducible.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace es {

// Produces RFC 4122 version-4 UUIDs as lowercase 8-4-4-4-12 strings. Not cryptographically
// secure: ids only need to be unique, not unguessable.
class UuidGenerator {
public:
    explicit UuidGenerator(uint64_t seed);  // same seed, same sequence (on every platform)
    UuidGenerator();                        // seeded from std::random_device

    std::string next();

private:
    std::mt19937_64 rng_;
};

// True for any RFC 4122 textual UUID: 36 characters, dashes at positions 8, 13, 18 and 23, hex
// digits (either case) everywhere else. Version and variant are not checked, so ids written by
// other tools (v1, v7, the nil UUID) are accepted too.
bool is_uuid(std::string_view s);

}  // namespace es
