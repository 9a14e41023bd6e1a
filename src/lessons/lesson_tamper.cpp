// LessonRun's immutability tools (lesson_run.h): changing a stored event behind the store's back
// (optionally rehashing the chain after it, as a careful attacker would), the integrity check,
// and the digest the learner saves and compares the stored log with later (core/digest.h).
#include <algorithm>

#include "bank/money.h"
#include "core/event_writer.h"
#include "core/sha256.h"
#include "lessons/lesson_run.h"

namespace es::lessons {

Status LessonRun::tamper(uint64_t position, const std::string& amount, bool rehash) {
    auto cents = bank::parse_amount(amount);
    if (!cents.ok()) return refuse("Not changed: ", ErrorCode::InvalidArgument, cents.error().message);
    int64_t before = 0;
    WriteBehindStorage& storage = sandbox_->storage();
    std::string prev_hash;  // the rehashed chain so far
    Status edited = storage.edit_stored_event(position, [&](RecordedEvent& e) -> Status {
        auto stored_amount = e.data.find("amountCents");
        if (stored_amount == e.data.end() || !stored_amount->is_number_integer())
            return make_error(ErrorCode::InvalidArgument, "event " + std::to_string(position) + " (" + e.type + ") has no amount");
        before = stored_amount->get<int64_t>();
        *stored_amount = *cents;  // without rehash the hash stays as it was: that is the point
        if (rehash) prev_hash = e.hash = sha256_hex(canonical_bytes(e));
        return ok_status();
    });
    if (!edited.ok()) return refuse("Not changed: ", edited.error().code, edited.error().message);
    // Every later event links to the one before it: rewrite each link and hash in turn.
    for (uint64_t q = position + 1; rehash && q <= storage.head_position(); ++q) {
        Status relinked = storage.edit_stored_event(q, [&](RecordedEvent& e) -> Status {
            e.prev_hash = prev_hash;
            prev_hash = e.hash = sha256_hex(canonical_bytes(e));
            return ok_status();
        });
        if (!relinked.ok()) return refuse("Not rehashed: ", relinked.error().code, relinked.error().message);
    }
    // The check stops at the first changed event: remember the earliest one.
    tamper_.position = tamper_.position == 0 ? position : std::min(tamper_.position, position);
    tamper_.rehashed = rehash;
    tamper_.verified = false;
    digest_.checked = false;
    last_message_ = "Changed the stored amount of event " + std::to_string(position) + " from " + bank::format_amount(before) +
                    " to " + bank::format_amount(*cents) +
                    (rehash ? " and recomputed its hash and every later one (the chain links again)"
                            : " (its hash was not updated)");
    return ok_status();
}

const VerifyReport& LessonRun::verify() {
    tamper_.report = sandbox_->store().verify_report();
    tamper_.verified = tamper_.position != 0;
    last_message_ = tamper_.report.ok ? "Integrity check: all " + std::to_string(tamper_.report.events_checked) + " events verify"
                                      : "Integrity check failed at position " + std::to_string(tamper_.report.first_bad_position) +
                                            ": " + tamper_.report.problem;
    return tamper_.report;
}

LogDigest LessonRun::current_digest() const {
    // The stored log's head, tampered with or not: a digest saved after a rewrite vouches for it.
    const Storage& storage = sandbox_->storage();
    auto last = storage.read(storage.head_position(), 1);
    return last.ok() ? digest_of(*last) : digest_of(sandbox_->store().recorded_log());
}

void LessonRun::save_digest() {
    digest_.saved = current_digest();
    digest_.checked = false;
    last_message_ = "Saved the digest " + format_digest(*digest_.saved).substr(0, 18) + "...: position " +
                    std::to_string(digest_.saved->position) + " and the hash of the event there";
}

const DigestCheck& LessonRun::check_digest() {
    if (!digest_.saved) {
        digest_.check = DigestCheck{false, 0, false, "no digest is saved yet: save one first"};
    } else {
        digest_.check = sandbox_->store().check_digest(*digest_.saved);
        digest_.checked = true;
    }
    last_message_ = digest_.check.ok ? "Digest check: the log still holds the history your digest vouched for"
                                     : "Digest check failed: " + digest_.check.problem;
    return digest_.check;
}

}  // namespace es::lessons
