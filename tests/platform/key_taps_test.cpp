// KeyTaps (src/platform/key_taps.h): a key pressed and released between two frames is seen
// pressed by exactly one frame; a key held across frames is released as it happens.
#include <doctest/doctest.h>

#include <vector>

#include "platform/key_taps.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using es::platform::KeyTaps;

namespace {
constexpr int kEnter = 257;  // GLFW_KEY_ENTER
constexpr int kA = 65;
constexpr int kRepeat = 2;   // GLFW_REPEAT
}  // namespace

TEST_CASE("KeyTaps: a tap between two frames is released only after the next frame began") {
    KeyTaps taps;
    CHECK(taps.on_key(kEnter, KeyTaps::kPress));
    CHECK_FALSE(taps.on_key(kEnter, KeyTaps::kRelease));  // no frame has seen it down yet
    CHECK(taps.take_held().empty());                      // still none: it waits for a frame
    taps.frame_began();                                   // this frame sees Enter down...
    CHECK(taps.take_held() == std::vector<int>{kEnter});  // ...and then it goes up
    CHECK(taps.take_held().empty());                      // delivered once
    taps.frame_began();
    CHECK(taps.take_held().empty());
}

TEST_CASE("KeyTaps: a key a frame has seen down is released at once") {
    KeyTaps taps;
    CHECK(taps.on_key(kEnter, KeyTaps::kPress));
    taps.frame_began();
    CHECK(taps.on_key(kEnter, KeyTaps::kRelease));
    CHECK(taps.take_held().empty());
}

TEST_CASE("KeyTaps: pressed again before the held release went out, the key stays down") {
    KeyTaps taps;
    taps.on_key(kA, KeyTaps::kPress);
    CHECK_FALSE(taps.on_key(kA, KeyTaps::kRelease));
    CHECK(taps.on_key(kA, KeyTaps::kPress));
    taps.frame_began();
    CHECK(taps.take_held().empty());  // releasing it now would cut the second press short
    CHECK(taps.on_key(kA, KeyTaps::kRelease));  // that frame saw it down: released at once
    CHECK(taps.take_held().empty());
}

TEST_CASE("KeyTaps: a release held for one frame is dropped when the key goes down again before that frame ends") {
    KeyTaps taps;
    taps.on_key(kA, KeyTaps::kPress);
    CHECK_FALSE(taps.on_key(kA, KeyTaps::kRelease));
    taps.frame_began();
    CHECK(taps.on_key(kA, KeyTaps::kPress));  // (events only arrive between frames; defensive)
    CHECK(taps.take_held().empty());
}

TEST_CASE("KeyTaps: several taps in one frame gap are each held, in key-code order") {
    KeyTaps taps;
    taps.on_key(kEnter, KeyTaps::kPress);
    taps.on_key(kA, KeyTaps::kPress);
    CHECK_FALSE(taps.on_key(kEnter, KeyTaps::kRelease));
    CHECK_FALSE(taps.on_key(kA, KeyTaps::kRelease));
    taps.frame_began();
    CHECK(taps.take_held() == std::vector<int>{kA, kEnter});
}

TEST_CASE("KeyTaps: repeats and keys outside ImGui's table pass straight through") {
    KeyTaps taps;
    CHECK(taps.on_key(kEnter, kRepeat));
    CHECK(taps.on_key(-1, KeyTaps::kRelease));   // GLFW_KEY_UNKNOWN
    CHECK(taps.on_key(KeyTaps::kKeys, KeyTaps::kPress));
    CHECK(taps.on_key(KeyTaps::kKeys, KeyTaps::kRelease));
    taps.frame_began();
    CHECK(taps.take_held().empty());
}

}  // namespace ES_TEST_FILE_ID
