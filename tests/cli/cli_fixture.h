// Shared helpers for the es-sandbox tests: run the CLI in-process with string streams, and a
// throwaway folder per test for store files (removed at the end even when a CHECK fails).
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <unistd.h>

#include "cli/cli.h"

namespace cli_test {

namespace fs = std::filesystem;

struct Run {
    int code = -1;
    std::string out;
    std::string err;
};

inline Run run(std::vector<std::string> args, const std::string& input = "") {
    std::istringstream in(input);
    std::ostringstream out, err;
    Run r;
    r.code = es::cli::run_cli(args, in, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

struct TempDir {
    fs::path path;
    explicit TempDir(const std::string& name) {
        static std::atomic<int> counter{0};
        path = fs::temp_directory_path() /
               ("es_cli_" + name + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    std::string file(const std::string& name) const { return (path / name).string(); }
};

inline std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
}

inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// alice opens, deposits 100.00, withdraws 30.00; bob opens with 20.00; alice sends bob 5.00.
// Seven events (a transfer writes two); alice ends at $65.00, bob at $25.00.
inline const char* const kBankScript =
    "{\"type\":\"OpenAccount\",\"accountId\":\"alice\",\"owner\":\"Alice\",\"currency\":\"USD\",\"actor\":\"alice\"}\n"
    "{\"type\":\"Deposit\",\"accountId\":\"alice\",\"amount\":\"100.00\",\"actor\":\"alice\",\"reason\":\"salary\"}\n"
    "{\"type\":\"Withdraw\",\"accountId\":\"alice\",\"amount\":\"30.00\",\"actor\":\"alice\",\"reason\":\"rent\"}\n"
    "{\"type\":\"OpenAccount\",\"accountId\":\"bob\",\"owner\":\"Bob\",\"currency\":\"USD\",\"actor\":\"bob\"}\n"
    "{\"type\":\"Deposit\",\"accountId\":\"bob\",\"amount\":\"20.00\",\"actor\":\"bob\"}\n"
    "{\"type\":\"Transfer\",\"fromAccountId\":\"alice\",\"toAccountId\":\"bob\",\"amount\":\"5.00\",\"actor\":\"alice\"}\n";

// A store file "bank.jsonl" in `dir` with kBankScript run into it.
inline std::string make_bank_store(const TempDir& dir) {
    const std::string store = dir.file("bank.jsonl");
    REQUIRE(run({"exec", "--store", store}, kBankScript).code == es::cli::kExitOk);
    return store;
}

}  // namespace cli_test
