// The stored pages of the browser's log (see stored_pages.h).
#include "storage/stored_pages.h"

#include <algorithm>

#include "core/event_reader.h"

namespace es {

namespace {

// A number from JS as a position: 0 when it is not one (NaN, a fraction, below 1, too large).
uint64_t as_position(double d) {
    return d >= 1 && d <= 9007199254740991.0 && d == static_cast<double>(static_cast<uint64_t>(d)) ? static_cast<uint64_t>(d)
                                                                                                     : 0;
}

}  // namespace

Status decode_stored_page(std::string_view text, const double* meta, int records, uint64_t next, idb::PagePurpose read,
                          LoadedLog& out) {
    const bool load = read == idb::PagePurpose::Load;
    size_t at = 0;
    for (int r = 0; r < records; ++r, meta += idb::kPageMetaPerRecord) {
        const uint64_t first = as_position(meta[0]), key = as_position(meta[1]);
        const double bytes = meta[2];
        auto cannot_read = [&](const std::string& why) {
            return make_error(ErrorCode::Corrupt, stored_event_unreadable(next, why));
        };
        // The record and the '\n' after it must be in the page (web/idb_read.js never cuts one short).
        const size_t left = text.size() - std::min(at, text.size());
        if (key == 0 || !(bytes >= 0) || bytes >= static_cast<double>(left) ||
            text[at + static_cast<size_t>(bytes)] != '\n')
            return cannot_read("the page of stored records is cut short");
        const std::string_view record(text.data() + at, static_cast<size_t>(bytes));
        at += record.size() + 1;
        const size_t lines = 1 + static_cast<size_t>(std::count(record.begin(), record.end(), '\n'));
        if (first == 0 || first > key)
            return cannot_read("the record stored under key " + std::to_string(key) +
                               " does not say which positions it holds (its first position is missing or wrong)");
        if (lines != key - first + 1)
            return cannot_read("the record stored under key " + std::to_string(key) + " should hold positions " +
                               std::to_string(first) + " to " + std::to_string(key) + " but has " +
                               std::to_string(lines) + " line(s)");
        if (first > next)
            return make_error(ErrorCode::Corrupt, "the stored events jump from position " + std::to_string(next - 1) +
                                                      " to " + std::to_string(first) + " (a record was deleted)");
        // Only a page's first record may start before `next`, inside what was read already: a
        // catch-up's (a segment of which this tab has the start), or any page's when a compaction
        // merged records between the transactions that read this page and the one before.
        if (first < next && (r > 0 || key < next))
            return cannot_read("the record stored under key " + std::to_string(key) + " holds positions " +
                               std::to_string(first) + " to " + std::to_string(key) + ", but positions up to " +
                               std::to_string(next - 1) + " were already read (records overlap)");
        size_t start = 0;
        for (uint64_t position = first; position <= key; ++position) {
            size_t end = record.find('\n', start);
            if (end == std::string_view::npos) end = record.size();
            const std::string_view line = record.substr(start, end - start);
            start = end + 1;
            if (position < next) continue;
            Sha256Digest content_hash{};
            const bool hash = load && out.hash_lines;
            auto decoded = decode_event_line(line, hash ? &content_hash : nullptr);
            if (!decoded.ok()) return cannot_read(decoded.error().message);
            if (decoded->global_position != position)
                return cannot_read("the line stored there says it is position " + std::to_string(decoded->global_position));
            out.events.push_back(std::move(decoded).value());
            if (hash) out.content_hashes.push_back(content_hash);
            out.lines.lines.push_back(line);
            ++next;
        }
    }
    return ok_status();
}

}  // namespace es
