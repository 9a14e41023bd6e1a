// Checkpoint encoding and its checksum (see checkpoint.h).
#include "core/checkpoint.h"

#include "core/sha256.h"

namespace es {

std::string checkpoint_checksum(const Checkpoint& c) {
    // nlohmann's objects keep their keys sorted, so the dump of the models is canonical.
    std::string bytes = std::to_string(c.position) + '\n' + c.event_hash + '\n' + c.models.dump();
    return sha256_hex(bytes);
}

Json checkpoint_to_json(const Checkpoint& c) {
    return Json{{"position", c.position}, {"eventHash", c.event_hash}, {"models", c.models}, {"checksum", c.checksum}};
}

Result<Checkpoint> checkpoint_from_json(const Json& j) {
    auto bad = [](const std::string& why) { return make_error(ErrorCode::Corrupt, "checkpoint: " + why); };
    if (!j.is_object()) return bad("not a JSON object");
    Checkpoint c;
    auto position = j.find("position");
    if (position == j.end() || !position->is_number_unsigned()) return bad("\"position\" is missing or not a position");
    c.position = position->get<uint64_t>();
    auto hash = j.find("eventHash");
    if (hash == j.end() || !hash->is_string()) return bad("\"eventHash\" is missing or not a string");
    c.event_hash = hash->get<std::string>();
    auto models = j.find("models");
    if (models == j.end() || !models->is_object()) return bad("\"models\" is missing or not an object");
    c.models = *models;
    auto checksum = j.find("checksum");
    if (checksum == j.end() || !checksum->is_string()) return bad("\"checksum\" is missing or not a string");
    c.checksum = checksum->get<std::string>();
    if (c.checksum != checkpoint_checksum(c)) return bad("its checksum does not match its contents (the file was changed or damaged)");
    return c;
}

}  // namespace es
