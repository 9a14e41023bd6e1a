// Keeps a short key press from being lost between two frames.
//
// Dear ImGui 1.86 reads the keys' state (io.KeysDown) once per frame. A frame takes 60-75 ms on
// software WebGL, and a quick tap can go down and up between two frames: ImGui would never see
// it pressed, and an Enter or a Backspace would vanish. (Characters are queued, so letters typed
// are never lost; keys that act, like Enter, Backspace, arrows and Ctrl+A, are.)
//
// So a release of a key that no frame has yet seen down is held back, and delivered after the
// next frame: that frame sees the key pressed exactly once. A key held down across frames is
// released as it happens, so holding a key still repeats it as ImGui does. Two taps of the same
// key between two frames are one press to ImGui (it keeps one state per key); typed characters
// are queued by ImGui and all arrive.
//
// Plain logic with no GLFW or ImGui in it (tests/platform/key_taps_test.cpp); web_main.cpp
// routes GLFW's key callback through it.
#pragma once

#include <bitset>
#include <vector>

namespace es::platform {

class KeyTaps {
public:
    static constexpr int kKeys = 512;  // io.KeysDown's size in Dear ImGui 1.86
    static constexpr int kPress = 1;   // GLFW_PRESS
    static constexpr int kRelease = 0; // GLFW_RELEASE

    // A key event from the browser. True: hand it to ImGui now. False: a release held back for
    // after the next frame (release_held).
    bool on_key(int key, int action) {
        if (key < 0 || key >= kKeys) return true;
        if (action == kPress) {
            unseen_.set(key);
            held_.reset(key);  // pressed again before its held release went out: it is down
            releasable_.reset(key);
            return true;
        }
        if (action == kRelease && unseen_.test(key)) {
            held_.set(key);
            return false;
        }
        return true;
    }

    // Call right after ImGui::NewFrame(): that frame has seen every key that is down, so the
    // releases held back so far may go out once it ends.
    void frame_began() {
        unseen_.reset();
        releasable_ |= held_;
        held_.reset();
    }

    // Call at the end of a drawn frame: the keys whose release was held back and that a frame
    // has now seen pressed, by key code; each is then forgotten.
    std::vector<int> take_held() {
        std::vector<int> keys;
        if (releasable_.none()) return keys;
        for (int k = 0; k < kKeys; ++k)
            if (releasable_.test(k)) keys.push_back(k);
        releasable_.reset();
        return keys;
    }

private:
    std::bitset<kKeys> unseen_;       // pressed since the last frame began
    std::bitset<kKeys> held_;         // released before any frame saw them down
    std::bitset<kKeys> releasable_;   // held, and seen down by the frame that began since
};

}  // namespace es::platform
