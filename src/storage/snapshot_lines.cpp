// The snapshots file's key scan and line index (see snapshot_lines.h).
#include "storage/snapshot_lines.h"

#include <algorithm>

namespace es {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

size_t skip_space(std::string_view s, size_t i) {
    while (i < s.size() && is_space(s[i])) ++i;
    return i;
}

// s[i] is '"': the index just after the closing quote, or npos. `escaped` says whether the string
// holds a backslash escape (its raw bytes are then not its value).
size_t skip_string(std::string_view s, size_t i, bool* escaped) {
    *escaped = false;
    for (++i; i < s.size(); ++i) {
        if (s[i] == '\\') {
            *escaped = true;
            ++i;
        } else if (s[i] == '"') {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

// Any JSON value starting at s[i]: the index just after it, or npos when its brackets or quotes
// do not close. Scalars are taken up to the next ',', '}' or ']' unchecked: the full decode,
// when the line is used, checks them.
size_t skip_value(std::string_view s, size_t i) {
    if (i >= s.size()) return std::string_view::npos;
    bool escaped = false;
    if (s[i] == '"') return skip_string(s, i, &escaped);
    if (s[i] == '{' || s[i] == '[') {
        std::vector<char> open;
        while (i < s.size()) {
            const char c = s[i];
            if (c == '"') {
                i = skip_string(s, i, &escaped);
                if (i == std::string_view::npos) return i;
                continue;
            }
            if (c == '{' || c == '[') open.push_back(c);
            if (c == '}' || c == ']') {
                if (open.empty() || open.back() != (c == '}' ? '{' : '[')) return std::string_view::npos;
                open.pop_back();
                if (open.empty()) return i + 1;
            }
            ++i;
        }
        return std::string_view::npos;
    }
    const size_t start = i;
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !is_space(s[i])) ++i;
    return i == start ? std::string_view::npos : i;
}

}  // namespace

std::optional<SnapshotKey> scan_snapshot_key(std::string_view line) {
    SnapshotKey key;
    bool has_stream = false, has_type = false, has_version = false;
    size_t i = skip_space(line, 0);
    if (i >= line.size() || line[i] != '{') return std::nullopt;
    i = skip_space(line, i + 1);
    if (i < line.size() && line[i] == '}') return std::nullopt;
    for (;;) {
        if (i >= line.size() || line[i] != '"') return std::nullopt;
        bool escaped = false;
        const size_t key_end = skip_string(line, i, &escaped);
        if (key_end == std::string_view::npos || escaped) return std::nullopt;
        const std::string_view name = line.substr(i + 1, key_end - i - 2);
        i = skip_space(line, key_end);
        if (i >= line.size() || line[i] != ':') return std::nullopt;
        i = skip_space(line, i + 1);
        const size_t value_end = skip_value(line, i);
        if (value_end == std::string_view::npos) return std::nullopt;
        const std::string_view value = line.substr(i, value_end - i);
        if (name == "streamId" || name == "stateType") {
            bool& seen = name == "streamId" ? has_stream : has_type;
            if (seen || value.size() < 2 || value.front() != '"') return std::nullopt;
            bool value_escaped = false;
            skip_string(value, 0, &value_escaped);
            if (value_escaped) return std::nullopt;
            (name == "streamId" ? key.stream_id : key.state_type).assign(value.substr(1, value.size() - 2));
            seen = true;
        } else if (name == "streamVersion") {
            if (has_version || value.empty() || value.size() > 19) return std::nullopt;
            for (char c : value)
                if (c < '0' || c > '9') return std::nullopt;
            key.stream_version = std::stoull(std::string(value));
            has_version = true;
        }
        i = skip_space(line, value_end);
        if (i < line.size() && line[i] == ',') {
            i = skip_space(line, i + 1);
            continue;
        }
        if (i >= line.size() || line[i] != '}') return std::nullopt;
        if (skip_space(line, i + 1) != line.size()) return std::nullopt;
        break;
    }
    if (!has_stream || !has_type || !has_version) return std::nullopt;
    return key;
}

void SnapshotLines::add(SnapshotKey key, uint64_t offset, uint32_t length, uint64_t number) {
    by_stream_[key.stream_id].push_back(lines_.size());
    lines_.push_back(Line{std::move(key), offset, length, number});
}

std::vector<size_t> SnapshotLines::candidates(const std::string& stream_id, const std::string& state_type,
                                              uint64_t max_version) const {
    std::vector<size_t> out;
    for (size_t i : of_stream(stream_id)) {
        const SnapshotKey& k = lines_[i].key;
        if (k.state_type == state_type && k.stream_version <= max_version) out.push_back(i);
    }
    // Highest version first; for one version the last line first (stable on file order reversed).
    std::reverse(out.begin(), out.end());
    std::stable_sort(out.begin(), out.end(), [&](size_t a, size_t b) {
        return lines_[a].key.stream_version > lines_[b].key.stream_version;
    });
    return out;
}

std::vector<size_t> SnapshotLines::of_stream(const std::string& stream_id) const {
    auto it = by_stream_.find(stream_id);
    return it == by_stream_.end() ? std::vector<size_t>() : it->second;
}

std::vector<Snapshot> newest_per_key(std::vector<Snapshot> snapshots) {
    std::vector<Snapshot> out;
    std::map<std::pair<std::pair<std::string, std::string>, uint64_t>, size_t> at;
    for (Snapshot& s : snapshots) {
        auto [it, inserted] = at.try_emplace({{s.stream_id, s.state_type}, s.stream_version}, out.size());
        if (inserted) out.push_back(std::move(s));
        else out[it->second] = std::move(s);
    }
    return out;
}

}  // namespace es
