// The fixed lists lesson files are checked against (lesson.h, windows.h): the further-reading
// links, the windows a lesson may name, and the rules for a free-form event (the record_event
// tool and `record` actions).
#include <algorithm>
#include <cctype>

#include "lessons/lesson.h"
#include "lessons/windows.h"

namespace es::lessons {

const std::vector<ReadingLink>& reading_catalogue() {
    static const std::vector<ReadingLink> links = {
        {"fowler", "Martin Fowler: Event Sourcing", "https://martinfowler.com/eaaDev/EventSourcing.html"},
        {"young-talk", "Greg Young: CQRS and Event Sourcing (talk)", "https://www.youtube.com/watch?v=JHGkaShoyNs"},
        {"kurrentdb", "KurrentDB (EventStoreDB): getting started", "https://docs.kurrent.io/getting-started/introduction.html"},
        {"versioning", "Greg Young: Versioning in an Event Sourced System", "https://leanpub.com/esversioning/read"},
        {"cqrs-journey", "Microsoft: the CQRS Journey",
         "https://learn.microsoft.com/en-us/previous-versions/msp-n-p/jj554200(v=pandp.10)"},
        {"awesome", "Barry O'Sullivan: Event Sourcing: What it is and why it's awesome",
         "https://dev.to/barryosull/event-sourcing-what-it-is-and-why-its-awesome"},
        {"confluent", "Confluent: Event Sourcing and Event Storage with Apache Kafka (course)",
         "https://developer.confluent.io/courses/event-sourcing/"},
        {"doing-it-wrong", "David Schmitz: Event Sourcing: You are doing it wrong (talk slides)",
         "https://www.slideshare.net/slideshow/event-sourcing-you-are-doing-it-wrong-devoxx/123118462"},
    };
    return links;
}

const ReadingLink* find_reading(const std::string& key) {
    for (const ReadingLink& l : reading_catalogue())
        if (l.key == key) return &l;
    return nullptr;
}

const WindowInfo* find_lesson_window(std::string_view name) {
    if (name.empty()) return nullptr;  // the windows lesson files cannot name have ""
    for (const WindowInfo& w : kWindows)
        if (name == w.lesson_name) return &w;
    return nullptr;
}

namespace {

bool valid_stream_name(const std::string& s) {
    return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '_';
    });
}

bool valid_type_name(const std::string& s) {
    return !s.empty() && s.size() <= 64 && std::isupper(static_cast<unsigned char>(s[0])) &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c); });
}

bool valid_clock_time(const std::string& t) {
    if (t.size() != 5 || t[2] != ':') return false;
    for (size_t i : {0, 1, 3, 4})
        if (!std::isdigit(static_cast<unsigned char>(t[i]))) return false;
    return (t[0] - '0') * 10 + (t[1] - '0') < 24 && (t[3] - '0') * 10 + (t[4] - '0') < 60;
}

}  // namespace

std::string record_problem(const std::string& stream, const std::string& type, const std::string& time,
                           const std::string& text) {
    if (!valid_stream_name(stream)) return "the stream name must be 1-64 letters, digits, '-' or '_'";
    if (stream.rfind("account-", 0) == 0) return "account streams hold bank events only; use another stream name";
    if (!valid_type_name(type)) return "the event type must be one word of letters and digits starting with a capital, like WokeUp";
    if (!valid_clock_time(time)) return "the time must be HH:MM, like 07:30";
    if (text.size() > kMaxRecordText) return "the text is longer than " + std::to_string(kMaxRecordText) + " characters";
    return "";
}

}  // namespace es::lessons
