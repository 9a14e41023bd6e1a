// Loading lesson files from disk (lesson.h): one file, checked against its name, or a folder of
// them, checked for ids and orders used twice.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "lessons/lesson.h"
#include "core/json_parse.h"

namespace es::lessons {

Result<Lesson> load_lesson_file(const std::string& path) {
    const std::string name = std::filesystem::path(path).filename().string();
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorCode::NotFound, name + ": cannot be read");
    std::stringstream text;
    text << in.rdbuf();
    auto j = parse_json(text.str(), ErrorCode::InvalidArgument);
    if (!j.ok()) return make_error(ErrorCode::InvalidArgument, name + ": " + j.error().message);
    auto lesson = parse_lesson(*j, name);
    if (!lesson.ok()) return lesson;
    // The file name carries the order and the id: "05-time-travel.json".
    char expected[16];
    std::snprintf(expected, sizeof expected, "%02d-", lesson->order);
    if (name != expected + lesson->id + ".json")
        return make_error(ErrorCode::InvalidArgument, name + ": id/order: the file should be named " + expected +
                                                          lesson->id + ".json");
    return lesson;
}

Result<std::vector<Lesson>> load_lessons(const std::string& dir) {
    std::vector<std::string> paths;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec))
        if (entry.path().extension() == ".json") paths.push_back(entry.path().string());
    if (ec) return make_error(ErrorCode::NotFound, "the lessons folder " + dir + " cannot be read: " + ec.message());
    std::sort(paths.begin(), paths.end());
    std::vector<Lesson> lessons;
    std::map<std::string, std::string> ids;
    std::map<int, std::string> orders;
    for (const std::string& path : paths) {
        auto lesson = load_lesson_file(path);
        if (!lesson.ok()) return lesson.error();
        if (ids.count(lesson->id))
            return make_error(ErrorCode::InvalidArgument, lesson->file + ": id: '" + lesson->id + "' is also the id of " + ids[lesson->id]);
        if (orders.count(lesson->order))
            return make_error(ErrorCode::InvalidArgument,
                              lesson->file + ": order: " + std::to_string(lesson->order) + " is also the order of " + orders[lesson->order]);
        ids[lesson->id] = lesson->file;
        orders[lesson->order] = lesson->file;
        lessons.push_back(std::move(lesson).value());
    }
    std::sort(lessons.begin(), lessons.end(), [](const Lesson& a, const Lesson& b) { return a.order < b.order; });
    return lessons;
}

}  // namespace es::lessons
