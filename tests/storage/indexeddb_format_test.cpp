// The numbers C++ and the browser's JS share (storage/indexeddb_format.h; ESIDB in web/idb.js)
// agree: every named value is the same on both sides, and the JS names no value C++ lacks. Native
// only: it reads web/idb.js from the source tree.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "storage/indexeddb_format.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es::idb;

namespace {

std::string read_idb_js() {
    std::ifstream in(ES_WEB_DIR "/idb.js");
    REQUIRE_MESSAGE(in.good(), "cannot read " ES_WEB_DIR "/idb.js");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The `Name: <integer>` pairs of the object literal `group: { ... }` in `js` (empty if none).
std::map<std::string, int> js_group(const std::string& js, const std::string& group) {
    std::map<std::string, int> values;
    std::smatch found;
    if (!std::regex_search(js, found, std::regex("\\b" + group + ":\\s*\\{([^}]*)\\}"))) return values;
    const std::string body = found[1];
    const std::regex pair("(\\w+):\\s*(-?\\d+)");
    for (auto it = std::sregex_iterator(body.begin(), body.end(), pair); it != std::sregex_iterator(); ++it)
        values[(*it)[1]] = std::stoi((*it)[2]);
    return values;
}

// The value of `name: <integer>` in `js`, or -1.
int js_value(const std::string& js, const std::string& name) {
    std::smatch found;
    if (!std::regex_search(js, found, std::regex("\\b" + name + ":\\s*(\\d+)"))) return -1;
    return std::stoi(found[1]);
}

}  // namespace

TEST_CASE("web/idb.js names the bridge's numbers as storage/indexeddb_format.h does") {
    const std::string js = read_idb_js();
    const std::map<std::string, std::map<std::string, int>> shared = {
        {"RecordFormat",
         {{"Event", static_cast<int>(RecordFormat::Event)},
          {"TextSegment", static_cast<int>(RecordFormat::TextSegment)},
          {"Segment", static_cast<int>(RecordFormat::Segment)}}},
        {"PagePurpose", {{"Load", static_cast<int>(PagePurpose::Load)}, {"CatchUp", static_cast<int>(PagePurpose::CatchUp)}}},
        {"WriteStatus",
         {{"Saved", static_cast<int>(WriteStatus::Saved)},
          {"Failed", static_cast<int>(WriteStatus::Failed)},
          {"AnotherTab", static_cast<int>(WriteStatus::AnotherTab)}}},
    };
    for (const auto& entry : shared) {  // (not a structured binding: clang 14 cannot CAPTURE one)
        const std::string& group = entry.first;
        CAPTURE(group);
        CHECK(js_group(js, group) == entry.second);
    }
    CHECK(js_value(js, "PAGE_META") == static_cast<int>(kPageMetaPerRecord));
    CHECK(js_value(js, "WRITE_META") == static_cast<int>(kWriteMetaPerRecord));
}

}  // namespace ES_TEST_FILE_ID
