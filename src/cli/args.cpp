// Argument parsing and UTC time text for the CLI (see args.h).
#include "cli/args.h"

#include <cctype>
#include <cstdio>
#include <ostream>

#include "cli/cli.h"

namespace es::cli {

std::optional<std::string> ParsedArgs::option(const std::string& name) const {
    auto it = options.find(name);
    if (it == options.end()) return std::nullopt;
    return it->second;
}

Result<ParsedArgs> parse_args(const ArgSpec& spec, const std::vector<std::string>& args) {
    ParsedArgs parsed;
    // Help wins wherever it is (before "--"), even next to a mistake: it is what was asked for.
    for (const std::string& a : args) {
        if (a == "--") break;
        if (a == "-h" || a == "--help") {
            parsed.help = true;
            return parsed;
        }
    }
    bool options_done = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (!options_done && a == "--") {
            options_done = true;
            continue;
        }
        if (options_done || a == "-" || a.empty() || a[0] != '-') {
            parsed.positionals.push_back(a);
            continue;
        }
        std::string name = a;
        std::optional<std::string> value;
        if (auto eq = a.find('='); eq != std::string::npos) {
            name = a.substr(0, eq);
            value = a.substr(eq + 1);
        }
        if (spec.value_options.count(name)) {
            if (!value) {
                if (i + 1 >= args.size())
                    return make_error(ErrorCode::InvalidArgument, "option '" + name + "' needs a value");
                value = args[++i];
            }
            if (parsed.options.count(name))
                return make_error(ErrorCode::InvalidArgument, "option '" + name + "' is given twice");
            parsed.options[name] = *value;
        } else if (spec.flags.count(name)) {
            if (value)
                return make_error(ErrorCode::InvalidArgument, "option '" + name + "' takes no value");
            parsed.flags.insert(name);
        } else {
            return make_error(ErrorCode::InvalidArgument, "unknown option '" + name + "'");
        }
    }
    if (parsed.positionals.size() < spec.min_positionals)
        return make_error(ErrorCode::InvalidArgument, "missing argument " + spec.positional_names);
    if (parsed.positionals.size() > spec.max_positionals) {
        std::string extra = parsed.positionals[spec.max_positionals];
        return make_error(ErrorCode::InvalidArgument,
                          "unexpected argument '" + extra + "'" +
                              (spec.max_positionals == 0 ? " (this command takes none)"
                                                         : " (expected only " + spec.positional_names + ")"));
    }
    return parsed;
}

int usage_error(std::ostream& err, const std::string& command, const std::string& message) {
    std::string who = command.empty() ? "es-sandbox" : "es-sandbox " + command;
    err << who << ": " << message << "\n"
        << "Run '" << who << " --help' for usage.\n";
    return kExitUsage;
}

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm), so the CLI
// needs neither timegm nor the machine's time zone.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::string format_utc(int64_t ms) {
    const int64_t days = floor_div(ms, 86400000);
    int64_t rest = ms % 86400000;  // not ms - days * 86400000, which overflows near INT64_MIN
    if (rest < 0) rest += 86400000;
    int64_t y;
    unsigned m, d;
    civil_from_days(days, y, m, d);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<long long>(y), m, d,
                  static_cast<int>(rest / 3600000), static_cast<int>(rest / 60000 % 60),
                  static_cast<int>(rest / 1000 % 60), static_cast<int>(rest % 1000));
    return buf;
}

Result<int64_t> parse_utc(const std::string& text) {
    auto bad = [&](const std::string& why) {
        return make_error(ErrorCode::InvalidArgument,
                          "'" + text + "' is not a UTC time (" + why +
                              "); write it like 2026-11-24T15:00:00Z or 2026-11-24");
    };
    size_t i = 0;
    auto digits = [&](size_t n, int& out) {
        out = 0;
        for (size_t k = 0; k < n; ++k, ++i) {
            if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i]))) return false;
            out = out * 10 + (text[i] - '0');
        }
        return true;
    };
    auto expect = [&](char c) { return i < text.size() && text[i++] == c; };
    int year, month, day, hour = 0, minute = 0, second = 0, millis = 0;
    if (!digits(4, year) || !expect('-') || !digits(2, month) || !expect('-') || !digits(2, day))
        return bad("the date must be YYYY-MM-DD");
    static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] || (month == 2 && day == 29 && !leap))
        return bad("there is no such date");
    if (i < text.size()) {
        if (!expect('T') || !digits(2, hour) || !expect(':') || !digits(2, minute) || !expect(':') ||
            !digits(2, second))
            return bad("the time of day must be THH:MM:SS");
        if (hour > 23 || minute > 59 || second > 59) return bad("the time of day is out of range");
        if (i < text.size() && text[i] == '.') {
            ++i;
            size_t start = i;
            while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) && i - start < 3)
                millis = millis * 10 + (text[i++] - '0');
            if (i == start) return bad("a '.' must be followed by 1 to 3 digits of milliseconds");
            for (size_t n = i - start; n < 3; ++n) millis *= 10;
        }
        if (i >= text.size() || text[i] != 'Z') return bad("it must end with 'Z' (UTC); time zone offsets are not accepted");
        ++i;
        if (i != text.size()) return bad("unexpected text after 'Z'");
    }
    int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return ((days * 24 + hour) * 60 + minute) * int64_t{60000} + second * int64_t{1000} + millis;
}

std::string error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::InvalidArgument: return "invalid_argument";
        case ErrorCode::NotFound: return "not_found";
        case ErrorCode::AlreadyExists: return "already_exists";
        case ErrorCode::Conflict: return "conflict";
        case ErrorCode::Rejected: return "rejected";
        case ErrorCode::Corrupt: return "corrupt";
        case ErrorCode::Unsupported: return "unsupported";
        case ErrorCode::Io: return "io";
        case ErrorCode::Busy: return "busy";
    }
    return "unknown";
}

}  // namespace es::cli
