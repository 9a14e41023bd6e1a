// The learner's code and its runs (lesson_code.h).
#include "lessons/lesson_code.h"

#include "learn/exercise_code.h"

namespace es::lessons {

namespace {

constexpr double kTypingGroupSeconds = 1.0;  // typing this close together is one undo step
constexpr size_t kMaxUndoSteps = 200;

const learn::Exercise kExercises[] = {learn::Exercise::AccountFold, learn::Exercise::ReadModel, learn::Exercise::DomainFold};

}  // namespace

void CodeWork::set_model(std::string model) { model_ = std::move(model); }

std::string CodeWork::code(learn::Exercise e) const {
    const auto& text = text_[index(e)];
    return text ? *text : std::string(learn::starting_code(e, model_));
}

void CodeWork::edit(learn::Exercise e, std::string text, bool typing, double now_s) {
    auto& current = text_[index(e)];
    if (text == code(e)) return;
    auto& undo = undo_[index(e)];
    // Typing goes on in the step it began, as long as the keys keep coming.
    const bool grouped = typing && !undo.empty() && undo.back().typing && now_s - undo.back().at_s < kTypingGroupSeconds;
    if (grouped) {
        undo.back().at_s = now_s;
    } else {
        undo.push_back(UndoStep{current, typing, now_s});
        if (undo.size() > kMaxUndoSteps) undo.erase(undo.begin());
    }
    current = std::move(text);
    ++revision_;
}

void CodeWork::reset(learn::Exercise e) { edit(e, std::string(learn::starting_code(e, model_))); }

bool CodeWork::undo(learn::Exercise e) {
    auto& undo = undo_[index(e)];
    if (undo.empty()) return false;
    text_[index(e)] = std::move(undo.back().text);
    undo.pop_back();
    ++revision_;
    return true;
}

const CodeCheckRecord& CodeWork::check(EventRange log) {
    CodeCheckRecord r;
    r.exercise = exercise_;
    r.model = model_;
    r.stream = stream_;
    r.result = learn::check_program(exercise_, code(exercise_), log, stream_, model_);
    last_check_ = std::move(r);
    return *last_check_;
}

void CodeWork::forget_results() {
    last_run_.reset();
    last_check_.reset();
}

Json CodeWork::to_json() const {
    Json texts = Json::object();
    for (learn::Exercise e : kExercises)
        if (text_[index(e)]) texts[learn::exercise_name(e)] = *text_[index(e)];
    return Json{{"exercise", learn::exercise_name(exercise_)}, {"model", model_}, {"stream", stream_}, {"code", texts}};
}

void CodeWork::restore(const Json& saved) {
    if (!saved.is_object()) return;
    auto text = [&](const char* key) -> std::optional<std::string> {
        auto it = saved.find(key);
        return it != saved.end() && it->is_string() ? std::optional<std::string>(it->get<std::string>()) : std::nullopt;
    };
    if (auto name = text("exercise"))
        if (auto e = learn::exercise_from_name(*name)) exercise_ = *e;
    if (auto model = text("model")) model_ = *model;
    if (auto stream = text("stream")) stream_ = *stream;
    auto texts = saved.find("code");
    if (texts == saved.end() || !texts->is_object()) return;
    for (learn::Exercise e : kExercises) {
        auto it = texts->find(learn::exercise_name(e));
        if (it != texts->end() && it->is_string()) text_[index(e)] = it->get<std::string>();
    }
    ++revision_;
}

CodeRunner::CodeRunner(const CodeWork& work, EventRange log)
    : run_(work.exercise(), work.code(work.exercise()), log, work.stream(), work.model()) {
    base_.exercise = work.exercise();
    base_.model = work.model();
    base_.stream = work.stream();
    run_.keep_steps(false);  // a long log: only the step on screen is kept
}

const learn::ExerciseStep* CodeRunner::step() {
    const learn::ExerciseStep* s = run_.step();
    if (!s) return nullptr;
    last_ = *s;
    if (!s->printed.empty()) ++printed_events_;
    for (const std::string& line : s->printed) printed_.emplace_back(s->position, line);
    if (printed_.size() > kMaxPrinted)
        printed_.erase(printed_.begin(), printed_.begin() + static_cast<std::ptrdiff_t>(printed_.size() - kMaxPrinted));
    if (!s->diffs.empty() || (run_.done() && run_.error())) stopped_at_ = s->position;
    return &*last_;
}

void CodeRunner::advance(size_t max_events) {
    for (size_t i = 0; i < max_events && step(); ++i) {
    }
}

CodeRunRecord CodeRunner::record() const {
    CodeRunRecord r = base_;
    r.folded = run_.next_index();
    r.total = run_.total();
    r.matched = run_.matched();
    r.stopped_at = r.matched ? 0 : stopped_at_;
    r.printed_events = printed_events_;
    r.verdict = run_.verdict();
    return r;
}

}  // namespace es::lessons
