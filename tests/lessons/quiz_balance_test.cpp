// The reflection questions of assets/lessons cannot be passed by a test-taking trick: over all
// lessons, the right choice is the longest one (by bytes of its text, ties counting as longest) in
// at most a third of the questions, and the first one in at most half. No question offers the same
// text twice. A new question whose right answer is its longest or first choice is fine as long as
// the whole path stays within these bounds; the counts are printed on every run.
#include <doctest/doctest.h>

#include <set>
#include <string>

#include "lessons/lesson.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace es::lessons;

TEST_CASE("quiz balance: the right choice is rarely the longest or the first") {
    auto lessons = load_lessons(ES_LESSONS_DIR);
    REQUIRE_MESSAGE(lessons.ok(), (lessons.ok() ? "" : lessons.error().message));
    size_t questions = 0, longest = 0, first = 0;
    for (const Lesson& lesson : *lessons) {
        for (const Question& q : lesson.questions) {
            INFO(lesson.file << " question '" << q.id << "'");
            const int right = q.correct_choice();
            REQUIRE(right >= 0);
            const size_t right_length = q.choices[static_cast<size_t>(right)].text.size();
            bool is_longest = true;
            std::set<std::string> texts;
            for (const Choice& c : q.choices) {
                if (c.text.size() > right_length) is_longest = false;
                CHECK_MESSAGE(texts.insert(c.text).second, "two choices read \"" << c.text << "\"");
            }
            ++questions;
            if (is_longest) ++longest;
            if (right == 0) ++first;
        }
    }
    MESSAGE(questions << " questions: the right choice is the longest in " << longest << " and the first in " << first);
    REQUIRE(questions > 0);
    CHECK_MESSAGE(longest * 3 <= questions, "longest in " << longest << " of " << questions << " (at most a third)");
    CHECK_MESSAGE(first * 2 <= questions, "first in " << first << " of " << questions << " (at most half)");
}

}  // namespace ES_TEST_FILE_ID
