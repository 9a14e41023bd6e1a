// Random events for the codec tests: valid ones and ones that break every rule of the format
// (bad ids, empty and oversized strings, invalid UTF-8, deep or huge data, negative times...).
#pragma once

#include <random>
#include <string>

#include "core/event_format.h"

namespace es::testing {

inline std::string random_string(std::mt19937& rng) {
    static const std::string kPieces[] = {"a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\b", "\f", "\r",
                                          std::string(1, '\0'), "\x01", "\x1f", "\x7f", "é", "€", "𝄞",
                                          "\xff", "\xc3", "\xed\xa0\x80", "}", "{\"k\":1}"};
    std::string s;
    size_t n = rng() % 12;
    for (size_t i = 0; i < n; ++i) s += kPieces[rng() % (sizeof(kPieces) / sizeof(kPieces[0]))];
    if (rng() % 20 == 0) s = std::string(kMaxStringField + 1, 'x');
    return s;
}

inline Json random_data(std::mt19937& rng) {
    switch (rng() % 8) {
        case 0: return Json::array({1, 2});
        case 1: {
            Json deep = Json::object();
            for (int i = 0; i < 70; ++i) deep = Json{{"d", deep}};
            return deep;
        }
        case 2: return Json{{"big", std::string(kMaxDataBytes, 'b')}};
        default:
            return Json{{random_string(rng), random_string(rng)},
                        {"n", static_cast<int64_t>(rng()) - 2000000000},
                        {"f", 1.5},
                        {"list", {random_string(rng), nullptr, true}}};
    }
}

inline RecordedEvent random_event(std::mt19937& rng) {
    RecordedEvent e;
    const char* ids[] = {"3f2b8c1e-9d4a-4e6b-8a7c-1d2e3f4a5b6c", "", "not-a-uuid"};
    e.event_id = rng() % 4 == 0 ? ids[rng() % 3] : ids[0];
    e.stream_id = rng() % 3 == 0 ? random_string(rng) : "account-1";
    e.stream_version = rng() % 10 == 0 ? 0 : 1 + rng() % 1000;
    e.global_position = rng() % 10 == 0 ? 0 : 1 + rng();
    e.type = rng() % 4 == 0 ? random_string(rng) : "MoneyDeposited";
    const int schemas[] = {-1, 0, 1, 2, 1000, 1001};
    e.schema_version = rng() % 3 == 0 ? schemas[rng() % 6] : 1;
    e.recorded_at_ms = rng() % 10 == 0 ? -1 : static_cast<int64_t>(rng()) * 1000;
    e.occurred_at_ms = rng() % 10 == 0 ? -5 : static_cast<int64_t>(rng());
    e.data = rng() % 3 == 0 ? random_data(rng) : Json{{"amount", 1250}};
    e.metadata = EventMetadata{random_string(rng), random_string(rng), random_string(rng), random_string(rng)};
    const std::string hashes[] = {std::string(64, '0'), std::string(64, 'A'), "abc", ""};
    e.prev_hash = rng() % 5 == 0 ? hashes[rng() % 4] : hashes[0];
    e.hash = std::string(64, 'f');
    return e;
}


}  // namespace es::testing
