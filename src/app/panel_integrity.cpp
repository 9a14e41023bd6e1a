// Integrity: the stored log drawn as a chain of records (position, type, short hash), each with an
// arrow to the record before it labelled with the hash it names. "Verify" reads the stored log
// back and walks the chain one record per step (View > Motion's speed; with reduce motion the
// view jumps from record to record), ticking each one it vouches for. After a tamper the edited
// record shows what is stored now beside what its hash vouches for, the broken link is drawn
// broken where it is, and every later record is marked as no longer vouched for. Only the records
// in view are drawn, so a log of 10,000 events scrolls as smoothly as one of ten.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "app/layout.h"
#include "app/panels.h"
#include "app/widgets.h"

namespace es::app {

namespace {

constexpr float kBoxWidthEm = 14.0f;
constexpr float kGapEm = 6.0f;   // room for the arrow and the prev-hash label between two boxes
constexpr float kLines = 5.0f;   // lines of text in a box

// What the view says of a record now: nothing until the walk reaches it.
enum class Shown { Unchecked, Vouched, Rewritten, ContentChanged, LinkBroken, AfterBreak };

Shown ShownStatus(const IntegrityView& v, uint64_t position) {
    if (!v.walk || !v.verified || (v.walking && position > v.walk_position)) return Shown::Unchecked;
    const ChainRecord& r = v.walk->records[position - 1];
    switch (r.status) {
        case ChainStatus::Vouched: return r.changed.empty() ? Shown::Vouched : Shown::Rewritten;
        case ChainStatus::ContentChanged: return Shown::ContentChanged;
        case ChainStatus::LinkBroken: return Shown::LinkBroken;
        case ChainStatus::AfterBreak: return Shown::AfterBreak;
    }
    return Shown::Unchecked;
}

const char* ShownText(Shown s) {
    switch (s) {
        case Shown::Unchecked: return "not checked yet";
        case Shown::Vouched: return "vouched";
        case Shown::Rewritten: return "hashes check, yet rewritten";
        case Shown::ContentChanged: return "content changed";
        case Shown::LinkBroken: return "link broken";
        case Shown::AfterBreak: return "no longer vouched for";
    }
    return "";
}

ImVec4 Orange() { return ImVec4(0.85f, 0.55f, 0.15f, 1.0f); }  // readable on both themes

ImVec4 ShownColour(const AppState& state, Shown s) {
    switch (s) {
        case Shown::Vouched: return Green(state);
        case Shown::Rewritten: return Orange();
        case Shown::ContentChanged: case Shown::LinkBroken: return Red(state);
        default: return ImGui::GetStyle().Colors[ImGuiCol_TextDisabled];
    }
}

// Where the walk ends: at the break, or after the last record.
uint64_t WalkEnd(const ChainWalk& w) { return w.first_bad != 0 ? w.first_bad : w.records.size(); }

void StepWalk(AppState& state) {
    IntegrityView& v = state.integrity;
    if (!v.walking || !v.walk) return;
    state.animating = true;
    if (ImGui::GetTime() - v.last_step_s < state.motion.step_seconds() && v.walk_position > 0) return;
    v.last_step_s = ImGui::GetTime();
    v.walk_position = std::min<uint64_t>(v.walk_position + 1, WalkEnd(*v.walk));
    if (v.walk_position >= WalkEnd(*v.walk)) v.walking = false;
}

struct Geometry {
    float em = 0, line = 0, box_w = 0, box_h = 0, gap = 0, pitch = 0;
    ImVec2 origin;  // the top left of the chain, scrolled
    float box_x(uint64_t position) const { return origin.x + gap + pitch * static_cast<float>(position - 1); }
    float top() const { return origin.y + line * 1.2f; }
};

void ArrowLeft(ImDrawList* dl, float x0, float x1, float y, ImU32 colour, bool broken) {
    const float head = 7.0f;
    if (broken) {  // two halves apart, and a cross where they should meet
        const float mid = (x0 + x1) * 0.5f, r = 5.0f;
        dl->AddLine(ImVec2(x0, y), ImVec2(mid + r * 2.0f, y), colour, 2.0f);
        dl->AddLine(ImVec2(mid - r * 2.0f, y), ImVec2(x1 + head, y), colour, 2.0f);
        dl->AddLine(ImVec2(mid - r, y - r), ImVec2(mid + r, y + r), colour, 2.0f);
        dl->AddLine(ImVec2(mid - r, y + r), ImVec2(mid + r, y - r), colour, 2.0f);
    } else {
        dl->AddLine(ImVec2(x0, y), ImVec2(x1 + head, y), colour, 1.5f);
    }
    dl->AddTriangleFilled(ImVec2(x1, y), ImVec2(x1 + head, y - 4.0f), ImVec2(x1 + head, y + 4.0f), colour);
}

void Tick(ImDrawList* dl, ImVec2 at, float size, ImU32 colour, bool good) {
    if (good) {
        const ImVec2 pts[3] = {ImVec2(at.x, at.y + size * 0.5f), ImVec2(at.x + size * 0.35f, at.y + size * 0.85f),
                               ImVec2(at.x + size, at.y + size * 0.1f)};
        dl->AddPolyline(pts, 3, colour, false, 2.5f);
    } else {
        dl->AddLine(at, ImVec2(at.x + size, at.y + size), colour, 2.5f);
        dl->AddLine(ImVec2(at.x, at.y + size), ImVec2(at.x + size, at.y), colour, 2.5f);
    }
}

std::string Short(const std::string& hash) { return hash.substr(0, 10) + ".."; }

// One record's box, its arrow to the record before it, and its tooltip.
void DrawRecord(AppState& state, const Geometry& g, const RecordedEvent& appended, const ChainRecord* walked) {
    const IntegrityView& v = state.integrity;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const uint64_t p = appended.global_position;
    const std::string& hash = walked ? walked->hash : appended.hash;
    const std::string& prev = walked ? walked->prev_hash : appended.prev_hash;
    const Shown shown = ShownStatus(v, p);
    const ImU32 colour = ImGui::ColorConvertFloat4ToU32(ShownColour(state, shown));
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    const float x = g.box_x(p), y = g.top(), pad = g.em * 0.4f;
    const bool current = v.walking && p == v.walk_position;
    dl->AddRectFilled(ImVec2(x, y), ImVec2(x + g.box_w, y + g.box_h), ImGui::GetColorU32(ImGuiCol_FrameBg), 5.0f);
    dl->AddRect(ImVec2(x, y), ImVec2(x + g.box_w, y + g.box_h),
                current ? ImGui::GetColorU32(ImGuiCol_PlotHistogram) : (shown == Shown::Unchecked ? ImGui::GetColorU32(ImGuiCol_Border) : colour),
                5.0f, 0, current ? 3.0f : 2.0f);
    float ty = y + pad;
    const std::string head = "#" + std::to_string(p) + " ";
    dl->AddText(ImVec2(x + pad, ty), text, head.c_str());
    dl->AddText(ImVec2(x + pad + ImGui::CalcTextSize(head.c_str()).x, ty),
                ImGui::ColorConvertFloat4ToU32(EventTypeColor(appended.type)), appended.type.c_str());
    ty += g.line;
    if (state.fonts.mono) ImGui::PushFont(state.fonts.mono);
    const std::string hash_line = "hash " + Short(hash);
    dl->AddText(ImVec2(x + pad, ty), text, hash_line.c_str());
    if (shown == Shown::ContentChanged) {  // the hash no longer matches the content it sealed
        const float w = ImGui::CalcTextSize(hash_line.c_str()).x;
        dl->AddLine(ImVec2(x + pad, ty + g.line * 0.5f), ImVec2(x + pad + w, ty + g.line * 0.5f), colour, 2.0f);
    }
    if (state.fonts.mono) ImGui::PopFont();
    ty += g.line;
    dl->AddText(ImVec2(x + pad, ty), colour, ShownText(shown));
    if (shown != Shown::Unchecked && shown != Shown::AfterBreak) {
        const bool good = shown == Shown::Vouched;
        Tick(dl, ImVec2(x + g.box_w - pad - g.em, y + pad), g.em * 0.9f, colour, good);
    }
    ty += g.line;
    if (shown != Shown::Unchecked) {
        if (auto change = StoredChangeAt(state, p)) {
            dl->AddText(ImVec2(x + pad, ty), ImGui::ColorConvertFloat4ToU32(Red(state)), ("stored now: " + change->stored_now).c_str());
            ty += g.line;
            const std::string was = (change->rehashed ? "appended as: " : "hash vouches for: ") + change->appended;
            dl->AddText(ImVec2(x + pad, ty), ImGui::ColorConvertFloat4ToU32(Green(state)), was.c_str());
        }
    }
    // The link: this record names the hash of the one before it.
    const float ay = y + g.box_h * 0.5f;
    const float x_prev = p == 1 ? g.origin.x + g.em * 0.5f : g.box_x(p - 1) + g.box_w;
    const Shown before = p > 1 ? ShownStatus(v, p - 1) : Shown::Vouched;
    const bool broken = shown == Shown::LinkBroken || (before == Shown::ContentChanged && shown != Shown::Unchecked);
    const ImU32 link = broken ? ImGui::ColorConvertFloat4ToU32(Red(state)) : ImGui::GetColorU32(ImGuiCol_TextDisabled);
    ArrowLeft(dl, x, x_prev, ay, link, broken);
    if (state.fonts.mono) ImGui::PushFont(state.fonts.mono);
    const std::string label = p == 1 ? "genesis" : "prev " + prev.substr(0, 6);
    dl->AddText(ImVec2(x_prev + g.em * 0.4f, ay - g.line * 1.1f), link, label.c_str());
    if (state.fonts.mono) ImGui::PopFont();
    if (ImGui::IsMouseHoveringRect(ImVec2(x, y), ImVec2(x + g.box_w, y + g.box_h)) && ImGui::IsWindowHovered()) {
        ImGui::BeginTooltip();
        ImGui::Text("Position %llu: %s", static_cast<unsigned long long>(p), appended.type.c_str());
        ImGui::Text("hash      %s", hash.c_str());
        ImGui::Text("prev hash %s", prev.c_str());
        if (walked && shown != Shown::Unchecked) {
            if (!walked->problem.empty()) ImGui::TextColored(Red(state), "%s", walked->problem.c_str());
            for (const FieldDifference& d : walked->changed)
                ImGui::Text("%s: stored %s, appended %s", d.field.c_str(), d.before.dump().c_str(), d.after.dump().c_str());
        }
        ImGui::EndTooltip();
    }
}

void DrawChain(AppState& state, EventRange log) {
    IntegrityView& v = state.integrity;
    Geometry g;
    g.em = ImGui::GetFontSize();
    g.line = ImGui::GetTextLineHeightWithSpacing();
    g.box_w = g.em * kBoxWidthEm;
    g.box_h = g.line * kLines + g.em * 0.8f;
    g.gap = g.em * kGapEm;
    g.pitch = g.box_w + g.gap;
    const float height = g.line * 1.2f + g.box_h + g.em;
    const ImGuiStyle& style = ImGui::GetStyle();
    ImGui::BeginChild("chain", ImVec2(0.0f, height + style.ScrollbarSize + style.WindowPadding.y * 2.0f), true,
                      ImGuiWindowFlags_HorizontalScrollbar);
    const float width = g.gap * 1.5f + g.pitch * static_cast<float>(log.size());
    const float view_w = ImGui::GetContentRegionAvail().x;
    g.origin = ImGui::GetCursorScreenPos();
    const float scroll = ImGui::GetScrollX();
    // Only the records in view (and one either side) are drawn.
    const uint64_t first = static_cast<uint64_t>(std::max(0.0f, std::floor((scroll - g.gap) / g.pitch))) + 1;
    const uint64_t last = std::min<uint64_t>(log.size(), first + static_cast<uint64_t>(view_w / g.pitch) + 2);
    const bool walked = v.walk && v.walk->records.size() == log.size();
    for (uint64_t p = first; p <= last; ++p) DrawRecord(state, g, log[p - 1], walked ? &v.walk->records[p - 1] : nullptr);
    ImGui::Dummy(ImVec2(width, height));
    // Keep the walk's record in view: glide to it, or with reduce motion jump there.
    if (v.follow && v.walk && v.walk_position > 0) {
        const float target = std::max(0.0f, g.gap + g.pitch * static_cast<float>(v.walk_position - 1) + g.box_w * 0.5f - view_w * 0.5f);
        float next = target;
        if (!state.motion.reduce_motion) {
            next = scroll + (target - scroll) * std::min(1.0f, ImGui::GetIO().DeltaTime * 6.0f);
            if (std::fabs(target - next) > 1.0f) state.animating = true;
            else next = target;
        }
        ImGui::SetScrollX(next);
        if (!v.walking && next == target) v.follow = false;
    }
    ImGui::EndChild();
}

}  // namespace

void ShowIntegrityWindow(AppState& state, bool* p_open) {
    PlaceLowerMiddleWindow(state, WindowId::Integrity);
    if (!BeginSandboxPanel(state, WindowTitle(WindowId::Integrity), p_open)) return;
    IntegrityView& v = state.integrity;
    const RecordedLog& log = ActiveSandbox(state)->store().recorded_log();
    ImGui::BeginDisabled(v.walking || log.empty());
    if (ImGui::Button("Verify")) UpdateIntegrity(state, true);
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::Text("%zu records, each naming the hash of the one before it", log.size());
    HelpMarker("Each record's hash is a SHA-256 over the previous record's hash and its own bytes, like the "
               "blocks of a blockchain. Change one stored byte and that record's content no longer matches its "
               "hash; fix the hash, and the next record's link (the hash it names) breaks instead, and so on to "
               "the end. Verify reads the stored log back and walks it from the first record.");
    if (state.sandbox.get() == ActiveSandbox(state)) HashCheckStatus(state, *state.sandbox);
    if (v.walking) {
        if (ImGui::Button("Skip to the end")) v.walk_position = WalkEnd(*v.walk), v.walking = false;
        ImGui::SameLine();
        ImGui::TextDisabled("checking record %llu of %zu", static_cast<unsigned long long>(v.walk_position), log.size());
    }
    StepWalk(state);
    if (!v.walk_error.empty()) {
        Paragraph(("The stored log could not be read back: " + v.walk_error).c_str(), Red(state));
    } else if (v.walk && v.verified && !v.walking) {
        const ImVec4 colour = v.walk->first_bad ? Red(state) : (v.walk->first_rewritten ? Orange() : Green(state));
        Paragraph(v.walk->summary().c_str(), colour);
    } else if (!v.walk || !v.verified) {
        ImGui::TextDisabled("Not checked since the log last changed: press Verify.");
    }
    DrawChain(state, log);
    ImGui::End();
}

}  // namespace es::app
