// Code: the learner writes the fold in Lua (apply(account, event)), a new read model
// (project(model, event)) or their own domain's fold, and runs it over the sandbox's real log,
// an event at a time ("Step") or all of it ("Run"), beside the reference: the state after each
// event in two columns with the differing cells in red, the line that ran, the event marked in
// the Events window, print() lines in the Event history console, and "Check" against the log and
// a generated one the learner has not seen. Everything shown comes from the real run
// (lessons::CodeRunner over learn::ExerciseRun); a long run folds a slice per frame.
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <string>

#include "app/layout.h"
#include "app/panels.h"
#include "app/widgets.h"
#include "learn/exercise_code.h"

namespace es::app {

namespace {

using learn::Exercise;

const char* const kExerciseTitles[] = {"Write the fold", "A new read model", "Your domain"};
constexpr double kSliceSeconds = 0.010;       // a Run folds this long per frame, so the page keeps drawing
constexpr double kSyntaxPauseSeconds = 0.4;   // the text is checked for syntax errors once typing pauses

// The hash of the log's newest event ("" for an empty log): it vouches for every event before it.
std::string HeadHash(const sandbox::Sandbox& sb) {
    const RecordedLog& log = sb.store().recorded_log();
    return log.empty() ? std::string() : log.back().hash;
}

// The log before the run and now, by its head and hash: building a read model reads events only.
void LogUntouched(const AppState& state, const sandbox::Sandbox& sb) {
    const CodeView& v = state.code;
    const std::string now = HeadHash(sb);
    auto shortened = [](const std::string& h) { return h.substr(0, 16) + (h.size() > 16 ? "..." : ""); };
    ImGui::Text("The log before your run: head #%llu, hash %s", static_cast<unsigned long long>(v.runner_head),
                shortened(v.runner_head_hash).c_str());
    ImGui::Text("The log now:             head #%llu, hash %s", static_cast<unsigned long long>(sb.store().head_position()),
                shortened(now).c_str());
    if (now == v.runner_head_hash) ImGui::TextColored(Green(state), "Not one stored event was changed or added by your read model.");
    ImGui::SameLine();
    HelpMarker("Each event's hash covers the event and the hash before it, so the newest hash vouches for the whole log: "
               "the same hash means the same history.");
}

// What a run is for: the exercise, its model or stream, and the code's revision.
std::string RunKey(const lessons::CodeWork& work) {
    return std::string(learn::exercise_name(work.exercise())) + "/" + work.model() + "/" + work.stream() + "/" +
           std::to_string(work.revision());
}

bool RunIsCurrent(const AppState& state, const lessons::CodeWork& work, const sandbox::Sandbox& sb) {
    const CodeView& v = state.code;
    return v.runner && v.runner_sandbox == &sb && v.runner_head == sb.store().head_position() &&
           v.runner_key == RunKey(work);
}

// The editor's text follows the CodeWork when it changed behind its back (undo, Reset, a lesson's
// action, another exercise, another sandbox).
void FollowWork(CodeView& v, const lessons::CodeWork& work) {
    if (v.work_seen == &work && v.revision_seen == work.revision() && v.exercise_seen == work.exercise()) return;
    v.work_seen = &work;
    v.revision_seen = work.revision();
    v.exercise_seen = work.exercise();
    v.editor.Replace(work.code(work.exercise()));
}

void StartRun(AppState& state, lessons::CodeWork& work, const sandbox::Sandbox& sb) {
    CodeView& v = state.code;
    v.runner = std::make_unique<lessons::CodeRunner>(work, sb.store().recorded_log());
    v.runner_sandbox = &sb;
    v.runner_head = sb.store().head_position();
    v.runner_key = RunKey(work);
    v.runner_head_hash = HeadHash(sb);
    v.recorded = false;
    v.highlight = 0;
    ++v.printed_serial;
}

// After folding: the event marked, the printed lines to the console, an ended run recorded for
// the goals, and where it stopped selected in the Events window.
void AfterFolding(AppState& state, lessons::CodeWork& work, size_t printed_before) {
    CodeView& v = state.code;
    if (const learn::ExerciseStep* s = v.runner->last_step()) v.highlight = s->position;
    if (v.runner->printed().size() != printed_before || v.runner->printed().size() == lessons::CodeRunner::kMaxPrinted)
        ++v.printed_serial;
    if (!v.runner->done() || v.recorded) return;
    v.recorded = true;
    v.running = false;
    const lessons::CodeRunRecord record = v.runner->record();
    work.record_run(record);
    if (record.stopped_at > 0) {
        state.timeline.selected = record.stopped_at;
        state.timeline.scroll_to_selected = true;
    }
}

void Fold(AppState& state, lessons::CodeWork& work, const sandbox::Sandbox& sb, bool all) {
    CodeView& v = state.code;
    if (!RunIsCurrent(state, work, sb) || v.runner->done()) StartRun(state, work, sb);
    const size_t before = v.runner->printed().size();
    if (all) {
        v.running = true;
        return;  // folded a slice per frame (ContinueRun)
    }
    v.running = false;
    v.runner->step();
    if (const learn::ExerciseStep* s = v.runner->last_step()) {
        state.timeline.selected = s->position;
        state.timeline.scroll_to_selected = true;
    }
    AfterFolding(state, work, before);
}

void ContinueRun(AppState& state, lessons::CodeWork& work) {
    CodeView& v = state.code;
    if (!v.running || !v.runner) return;
    const size_t before = v.runner->printed().size();
    const auto start = std::chrono::steady_clock::now();
    // Each event's call is bounded by the instruction limit; the slice by the clock.
    while (!v.runner->done() &&
           std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < kSliceSeconds)
        v.runner->step();
    AfterFolding(state, work, before);
    if (v.running) state.animating = true;
}

// A syntax error in the text as typed, once typing pauses (a short instruction limit: only the
// program's top level runs, over no events).
void CheckSyntax(AppState& state, const lessons::CodeWork& work) {
    CodeView& v = state.code;
    if (v.syntax_revision == work.revision()) return;
    if (ImGui::GetTime() - v.edited_at_s < kSyntaxPauseSeconds) {
        state.animating = true;  // a frame once the pause is over, even without input
        return;
    }
    v.syntax_revision = work.revision();
    learn::ExerciseRun probe(work.exercise(), work.code(work.exercise()), EventList{}, work.stream(), work.model(),
                             learn::LuaLimits{100'000, 8u << 20});
    const auto& error = probe.error();
    v.syntax = error && error->kind == learn::CodeError::Kind::Syntax ? error : std::nullopt;
}

void ExerciseChoice(lessons::CodeWork& work, const sandbox::Sandbox& sb) {
    const float em = ImGui::GetFontSize();
    ImGui::SetNextItemWidth(em * 10.0f);
    if (ImGui::BeginCombo("##code-exercise", kExerciseTitles[static_cast<int>(work.exercise())])) {
        for (int i = 0; i < 3; ++i)
            if (ImGui::Selectable(kExerciseTitles[i], static_cast<int>(work.exercise()) == i)) work.set_exercise(static_cast<Exercise>(i));
        ImGui::EndCombo();
    }
    NameLastItem("##code-exercise");
    if (work.exercise() == Exercise::ReadModel) {
        ImGui::SameLine();
        const auto& names = learn::read_model_names();
        const std::string shown = work.model().empty() && !names.empty() ? names.front() : work.model();
        ImGui::SetNextItemWidth(em * 10.0f);
        if (ImGui::BeginCombo("##code-model", shown.c_str())) {
            for (const std::string& name : names)
                if (ImGui::Selectable(name.c_str(), name == shown)) work.set_model(name);
            ImGui::EndCombo();
        }
        NameLastItem("##code-model");
    } else if (work.exercise() == Exercise::DomainFold) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(em * 10.0f);
        if (ImGui::BeginCombo("##code-stream", work.stream().empty() ? "(pick a stream)" : work.stream().c_str())) {
            std::set<std::string> streams;  // the free-form ones: the record_event tool's
            for (const std::string& id : sb.store().stream_ids())
                if (id.rfind("account-", 0) != 0) streams.insert(id);
            if (streams.empty()) ImGui::TextDisabled("No stream of your own yet: record events first.");
            for (const std::string& id : streams)
                if (ImGui::Selectable(id.c_str(), id == work.stream())) work.set_stream(id);
            ImGui::EndCombo();
        }
        NameLastItem("##code-stream");
    }
    ImGui::SameLine();
    HelpMarker("Write it yourself. The fold: apply(account, event) returns the account after the event, as "
               "the bank's evolve() does; the sandbox replays the real log through it beside its own fold. "
               "A read model: project(model, event), over every event, without touching a stored one. "
               "Your domain: apply(state, event) over the events you recorded on a stream of your own. "
               "Lua 5.4; money is in integer cents (10000 is $100.00).");
}

void Buttons(AppState& state, lessons::CodeWork& work, const sandbox::Sandbox& sb) {
    CodeView& v = state.code;
    const Exercise e = work.exercise();
    if (ImGui::Button("Step##code")) Fold(state, work, sb, false);
    ImGui::SameLine();
    if (ImGui::Button(v.running ? "Running...##code" : "Run##code")) Fold(state, work, sb, true);
    ImGui::SameLine();
    if (ImGui::Button("Check##code")) work.check(sb.store().recorded_log());
    ImGui::SameLine();
    HelpMarker("Step folds the next event, Run all of them, each beside the reference; both stop at the first "
               "difference. Check runs your code over this log and over a generated one you have not seen "
               "(random accounts, amounts and orders), so an answer written for this log alone does not pass.");
    ImGui::SameLine();
    ImGui::BeginDisabled(!work.can_undo(e));
    const bool undo = ImGui::Button("Undo##code");
    ImGui::EndDisabled();
    if (undo || v.editor.undo_pressed()) work.undo(e);
    ImGui::SameLine();
    if (ImGui::Button("Reset##code")) work.reset(e);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Back to the starting code (Undo brings yours back).");
}

// One step's state: yours beside the reference, the fields that differ in red.
void StepTable(const AppState& state, const learn::ExerciseStep& s, bool has_reference) {
    std::vector<std::string> names;
    for (const auto* fields : {&s.yours, &s.expected})
        for (const learn::Field& f : *fields)
            if (std::find(names.begin(), names.end(), f.name) == names.end()) names.push_back(f.name);
    auto value = [](const std::vector<learn::Field>& fields, const std::string& name) -> const char* {
        for (const learn::Field& f : fields)
            if (f.name == name) return f.value.c_str();
        return "-";
    };
    const int columns = has_reference ? 3 : 2;
    if (!ImGui::BeginTable("##code-step", columns, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn("Field", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("Your state", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    if (has_reference) ImGui::TableSetupColumn("Reference", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableHeadersRow();
    for (const std::string& name : names) {
        const bool differs = std::any_of(s.diffs.begin(), s.diffs.end(), [&](const learn::FieldDiff& d) { return d.name == name; });
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(name.c_str());
        ImGui::TableNextColumn();
        if (differs) ImGui::TextColored(Red(state), "%s", value(s.yours, name));
        else ImGui::TextUnformatted(value(s.yours, name));
        if (has_reference) {
            ImGui::TableNextColumn();
            if (differs) ImGui::TextColored(Red(state), "%s", value(s.expected, name));
            else ImGui::TextUnformatted(value(s.expected, name));
        }
    }
    ImGui::EndTable();
}

void Results(AppState& state, const sandbox::Sandbox& sb, const lessons::CodeWork& work, bool current) {
    const CodeView& v = state.code;
    if (const auto& check = work.last_check(); check && check->exercise == work.exercise()) {
        const learn::ExerciseCheck& r = check->result;
        ImGui::TextUnformatted("Check:");
        ImGui::SameLine();
        ImGui::TextColored(r.visible_ok ? Green(state) : Red(state), r.visible_ok ? "this log matches" : "this log differs");
        ImGui::SameLine();
        ImGui::TextColored(r.hidden_ok ? Green(state) : Red(state), r.hidden_ok ? "| a generated log matches" : "| a generated log differs");
        Paragraph(r.message.c_str(), r.visible_ok && r.hidden_ok ? Green(state) : Red(state));
        ImGui::Separator();
    }
    if (!v.runner) {
        ImGui::TextDisabled("Press Step or Run to replay the log through your code.");
        return;
    }
    const learn::ExerciseRun& run = v.runner->run();
    if (!current) ImGui::TextDisabled("(this run is of an earlier version of the code or the log)");
    if (v.running) {
        const float done = run.total() ? static_cast<float>(run.next_index()) / static_cast<float>(run.total()) : 1.0f;
        char label[64];
        std::snprintf(label, sizeof label, "%zu of %zu events", run.next_index(), run.total());
        ImGui::ProgressBar(done, ImVec2(-FLT_MIN, 0.0f), label);
    }
    const std::string verdict = run.verdict();
    const ImVec4 colour = run.matched() ? Green(state) : run.done() ? Red(state) : ImGui::GetStyle().Colors[ImGuiCol_Text];
    Paragraph(verdict.c_str(), colour);
    if (const learn::ExerciseStep* s = v.runner->last_step()) {
        ImGui::Text("Event %s", s->event.c_str());
        ImGui::SameLine();
        ImGui::TextDisabled("on %s, line %d ran last", s->key.c_str(), s->line);
        StepTable(state, *s, work.exercise() != Exercise::DomainFold);
        if (!s->printed.empty()) ImGui::TextDisabled("It printed %zu line(s): see the Event history console.", s->printed.size());
    }
    if (run.exercise() == Exercise::ReadModel) LogUntouched(state, sb);
}

// The domain exercise while time travel shows the past: the learner's fold of the stream's events
// up to that position, so their state travels with the views.
void StateAsOf(AppState& state, const sandbox::Sandbox& sb, const lessons::CodeWork& work) {
    CodeView& v = state.code;
    if (work.exercise() != Exercise::DomainFold || state.travel.at_now) return;
    const uint64_t position = ViewPosition(state);
    const std::string key = RunKey(work) + "/" + std::to_string(position);
    if (v.as_of_key != key) {
        v.as_of_key = key;
        const RecordedLog& log = sb.store().recorded_log();
        const EventList before(log.begin(), log.begin() + static_cast<std::ptrdiff_t>(std::min<uint64_t>(position, log.size())));
        learn::ExerciseRun fold(Exercise::DomainFold, work.code(Exercise::DomainFold), before, work.stream());
        fold.run_all();
        v.as_of = fold.final_state(work.stream());
        v.as_of_error = fold.error() ? fold.error()->message : "";
    }
    Divider(("Your state as of position " + std::to_string(position) + " (time travel)").c_str());
    if (!v.as_of_error.empty()) Paragraph(v.as_of_error.c_str(), Red(state));
    if (v.as_of.empty()) ImGui::TextDisabled("Nothing yet: no event of %s had happened by then.", work.stream().c_str());
    for (const learn::Field& f : v.as_of) ImGui::BulletText("%s = %s", f.name.c_str(), f.value.c_str());
}

}  // namespace

void ForgetRun(CodeView& v) {
    v.runner.reset();
    v.running = false;
    v.recorded = false;
    v.highlight = 0;
    v.work_seen = nullptr;
    v.syntax.reset();
    v.syntax_revision = ~0ull;
    ++v.printed_serial;
}

void RunCode(AppState& state) {
    if (const sandbox::Sandbox* sb = ActiveSandbox(state)) Fold(state, ActiveCode(state), *sb, true);
}

bool CodeHighlightsEvent(const AppState& state, uint64_t position) {
    return state.windows[WindowId::Code] && state.code.runner && state.code.highlight == position;
}

void ShowCodeWindow(AppState& state, bool* p_open) {
    PlaceLowerMiddleWindow(state, WindowId::Code);
    if (!BeginSandboxPanel(state, WindowTitle(WindowId::Code), p_open)) return;
    const sandbox::Sandbox& sb = *ActiveSandbox(state);
    lessons::CodeWork& work = ActiveCode(state);
    CodeView& v = state.code;
    if (v.runner && v.runner_sandbox != &sb) ForgetRun(v);  // another sandbox: nothing of the old run applies
    ContinueRun(state, work);
    FollowWork(v, work);
    ExerciseChoice(work, sb);
    Buttons(state, work, sb);
    FollowWork(v, work);  // an undo or Reset shows at once

    const bool current = RunIsCurrent(state, work, sb);
    const learn::CodeError* error = nullptr;
    if (current && v.runner->run().error()) error = &*v.runner->run().error();
    CheckSyntax(state, work);
    if (!error && v.syntax && v.syntax_revision == work.revision()) error = &*v.syntax;
    CodeEditorMarks marks;
    marks.error_line = error ? error->line : 0;
    marks.ran_line = current && v.runner->last_step() ? v.runner->last_step()->line : 0;
    marks.error_colour = ImGui::ColorConvertFloat4ToU32(Red(state));
    marks.ran_colour = FlowHighlightColour();
    const float em = ImGui::GetFontSize();
    const float avail = ImGui::GetContentRegionAvail().y;
    const float editor_h = std::max(em * 8.0f, avail * 0.55f);
    if (v.editor.Draw("##code-editor", v.buffer, marks, ImVec2(-FLT_MIN, editor_h), state.fonts.mono)) {
        work.edit(work.exercise(), v.buffer, true, ImGui::GetTime());
        v.revision_seen = work.revision();
        v.edited_at_s = ImGui::GetTime();
    }
    if (error) {
        Paragraph(error->message.c_str(), Red(state));  // it names the line (and the column of a syntax error)
    } else {
        ImGui::TextDisabled("line %d, column %d", v.editor.cursor_line(), v.editor.cursor_column());
    }
    ImGui::BeginChild("##code-results", ImVec2(0.0f, 0.0f), false);
    StateAsOf(state, sb, work);
    Results(state, sb, work, current);
    ImGui::EndChild();
    ImGui::End();
}

Json DescribeCode(const AppState& state) {
    const CodeView& v = state.code;
    const lessons::CodeWork& work = ActiveCode(state);
    Json out = {{"exercise", learn::exercise_name(work.exercise())}, {"model", work.model()}, {"stream", work.stream()},
                {"text", work.code(work.exercise())}, {"revision", work.revision()}, {"canUndo", work.can_undo(work.exercise())},
                {"editorActive", v.editor.active()}, {"cursorLine", v.editor.cursor_line()}, {"running", v.running},
                {"highlight", v.highlight}, {"syntaxError", v.syntax ? v.syntax->message : ""},
                // What a lesson's type_code without a text of its own types (the browser test types it by hand).
                {"solution", learn::solution_code(work.exercise(), work.model())}};
    const ImVec4 r = v.editor.rect();
    out["editorRect"] = {r.x, r.y, r.z, r.w};
    Json run = nullptr;
    if (v.runner) {
        const learn::ExerciseRun& x = v.runner->run();
        run = {{"folded", x.next_index()}, {"total", x.total()}, {"done", x.done()}, {"matched", x.matched()},
               {"verdict", x.verdict()}, {"error", nullptr}, {"step", nullptr}};
        if (const auto& e = x.error())
            run["error"] = {{"kind", learn::code_error_kind_name(e->kind)}, {"line", e->line}, {"column", e->column}, {"message", e->message}};
        if (const learn::ExerciseStep* s = v.runner->last_step()) {
            Json yours = Json::object(), expected = Json::object(), diffs = Json::array();
            for (const learn::Field& f : s->yours) yours[f.name] = f.value;
            for (const learn::Field& f : s->expected) expected[f.name] = f.value;
            for (const learn::FieldDiff& d : s->diffs) diffs.push_back(d.name);
            run["step"] = {{"position", s->position}, {"event", s->event}, {"key", s->key}, {"line", s->line},
                           {"yours", yours}, {"expected", expected}, {"diffs", diffs}};
        }
        Json printed = Json::array();
        for (const auto& [position, line] : v.runner->printed()) {
            printed.push_back({{"position", position}, {"text", line}});
            if (printed.size() >= 100) break;
        }
        run["printed"] = printed;
        run["headBefore"] = {{"position", v.runner_head}, {"hash", v.runner_head_hash}};
    }
    out["run"] = run;
    Json as_of = Json::object();
    for (const learn::Field& f : v.as_of) as_of[f.name] = f.value;
    out["asOf"] = state.travel.at_now || work.exercise() != Exercise::DomainFold ? Json(nullptr) : as_of;
    const auto& check = work.last_check();
    out["check"] = check ? Json{{"exercise", learn::exercise_name(check->exercise)}, {"visibleOk", check->result.visible_ok},
                                {"hiddenOk", check->result.hidden_ok}, {"message", check->result.message}}
                         : Json(nullptr);
    const auto& last = work.last_run();
    out["lastRun"] = last ? Json{{"exercise", learn::exercise_name(last->exercise)}, {"folded", last->folded}, {"total", last->total},
                                 {"matched", last->matched}, {"stoppedAt", last->stopped_at},
                                 {"printedEvents", last->printed_events}, {"verdict", last->verdict}}
                          : Json(nullptr);
    return out;
}

}  // namespace es::app
