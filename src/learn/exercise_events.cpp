// The event tables, descriptions and value texts of the exercises (exercise_events.h).
#include "learn/exercise_events.h"

#include <cstdio>

#include "bank/money.h"

namespace es::learn {

namespace {

std::string text_field(const RecordedEvent& e, const char* key) {
    auto it = e.data.is_object() ? e.data.find(key) : e.data.end();
    return it != e.data.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Json envelope(const RecordedEvent& e) {
    return Json{{"type", e.type},
                {"position", static_cast<int64_t>(e.global_position)},
                {"stream", e.stream_id},
                {"version", static_cast<int64_t>(e.stream_version)},
                {"actor", e.metadata.actor},
                {"reason", e.metadata.reason},
                {"recordedAt", e.recorded_at_ms}};
}

}  // namespace

Json bank_event_table(const RecordedEvent& event, const bank::EventView& v) {
    using bank::EventKind;
    Json t = envelope(event);
    t["accountId"] = std::string(v.account_id);
    switch (v.kind) {
        case EventKind::AccountCreated:
            t["owner"] = std::string(v.text);
            t["currency"] = std::string(v.currency);
            t["overdraftLimit"] = v.overdraft_limit_cents;
            break;
        case EventKind::MoneyDeposited:
            t["currency"] = std::string(v.currency);
            t["depositedBy"] = std::string(v.text);
            t["amount"] = v.amount_cents;
            break;
        case EventKind::MoneyWithdrawn: t["amount"] = v.amount_cents; break;
        case EventKind::TransferSent:
        case EventKind::TransferReceived:
            t["amount"] = v.amount_cents;
            t["transferId"] = std::string(v.transfer_id);
            t[v.kind == EventKind::TransferSent ? "toAccountId" : "fromAccountId"] = std::string(v.other_account_id);
            break;
        case EventKind::DepositReversed:
            t["amount"] = v.amount_cents;
            t["reversedPosition"] = static_cast<int64_t>(v.reversed_position);
            break;
        case EventKind::AccountClosed: break;
    }
    return t;
}

Json free_form_event_table(const RecordedEvent& event) {
    Json t = envelope(event);
    t["time"] = text_field(event, "time");
    t["text"] = text_field(event, "text");
    return t;
}

std::string describe_event(const RecordedEvent& event, const bank::EventView* view, std::string_view currency) {
    using bank::EventKind;
    std::string s = "#" + std::to_string(event.global_position) + " " + event.type;
    if (view == nullptr) {
        std::string text = text_field(event, "text");
        if (text.size() > 40) text = text.substr(0, 37) + "...";
        return text.empty() ? s : s + " \"" + text + "\"";
    }
    switch (view->kind) {
        case EventKind::AccountCreated:
        case EventKind::AccountClosed: return s + " " + std::string(view->account_id);
        case EventKind::MoneyDeposited: currency = view->currency; break;
        default: break;
    }
    s += " " + bank::format_money(view->amount_cents, currency);
    if (view->kind == EventKind::TransferSent) s += " to " + std::string(view->other_account_id);
    if (view->kind == EventKind::TransferReceived) s += " from " + std::string(view->other_account_id);
    return s;
}

std::string value_text(const Json& value, bool money) {
    if (value.is_null()) return "(none)";
    if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
    if (value.is_number_integer()) return money ? bank::format_amount(value.get<int64_t>()) : std::to_string(value.get<int64_t>());
    if (value.is_number_float()) {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.14g", value.get<double>());
        std::string text = buf;  // 200.0 stays "200.0": the learner must see it is not an integer
        return text.find_first_not_of("-0123456789") == std::string::npos ? text + ".0" : text;
    }
    if (value.is_string()) return Json(value).dump(-1, ' ', false, Json::error_handler_t::replace);
    std::string s = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    return s.size() > 200 ? s.substr(0, 197) + "..." : s;
}

std::vector<Field> table_fields(const Json& table, const std::vector<std::string>& money, bool money_all) {
    std::vector<Field> fields;
    if (table.is_array()) {
        for (size_t i = 0; i < table.size(); ++i) fields.push_back({std::to_string(i + 1), value_text(table[i], money_all)});
        return fields;
    }
    for (auto it = table.begin(); it != table.end(); ++it) {
        bool is_money = money_all;
        for (const std::string& m : money) is_money = is_money || m == it.key();
        fields.push_back({it.key(), value_text(*it, is_money)});
    }
    return fields;
}

void reference_project(std::string_view model, std::map<std::string, int64_t>& rows, const RecordedEvent& event,
                       const bank::EventView& view) {
    if (model == "deposits-by-actor") {
        // Money past int64 wraps like Lua's integers: the check compares, it does not police.
        if (view.kind == bank::EventKind::MoneyDeposited) {
            int64_t& row = rows[event.metadata.actor];
            row = static_cast<int64_t>(static_cast<uint64_t>(row) + static_cast<uint64_t>(view.amount_cents));
        }
        return;
    }
    if (view.kind == bank::EventKind::MoneyWithdrawn) {
        auto [it, added] = rows.emplace(std::string(view.account_id), view.amount_cents);
        if (!added && view.amount_cents > it->second) it->second = view.amount_cents;
    }
}

}  // namespace es::learn
