// es-sandbox --help on the tool and on every subcommand, and the messages for a wrong
// subcommand, option or missing argument (exit 2, always pointing at --help).
#include <doctest/doctest.h>

#include "cli/cli.h"
#include "cli_fixture.h"

namespace ES_TEST_FILE_ID {  // one per file: see tests/CMakeLists.txt (unity builds)

using namespace cli_test;

TEST_CASE("--help and -h on the tool list every subcommand") {
    for (const char* flag : {"--help", "-h", "help"}) {
        CAPTURE(flag);
        Run r = run({flag});
        CHECK(r.code == es::cli::kExitOk);
        for (const char* command : {"demo", "exec", "history", "state", "verify", "export", "import", "fold"})
            CHECK(contains(r.out, command));
        CHECK(contains(r.out, "Exit codes"));
    }
    Run nothing = run({});
    CHECK(nothing.code == es::cli::kExitUsage);
    CHECK(contains(nothing.err, "Usage: es-sandbox"));
}

TEST_CASE("--help on every subcommand wins over everything else") {
    for (const char* command : {"demo", "exec", "history", "state", "verify", "export", "import", "fold"}) {
        CAPTURE(command);
        for (const char* flag : {"--help", "-h"}) {
            Run plain = run({command, flag});  // without the required --store or STREAM
            CHECK(plain.code == es::cli::kExitOk);
            CHECK(plain.out.rfind(std::string("Usage: es-sandbox ") + command, 0) == 0);
            CHECK(plain.err.empty());
            // Next to a mistake, help is still what was asked for.
            Run with_mistake = run({command, "--bogus", "extra", flag});
            CHECK(with_mistake.code == es::cli::kExitOk);
            CHECK(with_mistake.out == plain.out);
        }
    }
}

TEST_CASE("unknown subcommands and options say what was wrong and suggest --help") {
    Run unknown = run({"frobnicate"});
    CHECK(unknown.code == es::cli::kExitUsage);
    CHECK(contains(unknown.err, "unknown command 'frobnicate'"));
    CHECK(contains(unknown.err, "es-sandbox --help"));

    Run option = run({"state", "--store", "x.jsonl", "--when", "3"});
    CHECK(option.code == es::cli::kExitUsage);
    CHECK(contains(option.err, "unknown option '--when'"));
    CHECK(contains(option.err, "es-sandbox state --help"));

    Run no_value = run({"exec", "--store"});
    CHECK(no_value.code == es::cli::kExitUsage);
    CHECK(contains(no_value.err, "'--store' needs a value"));

    Run no_store = run({"verify"});
    CHECK(no_store.code == es::cli::kExitUsage);
    CHECK(contains(no_store.err, "missing --store FILE"));

    Run no_stream = run({"history", "--store", "x.jsonl"});
    CHECK(no_stream.code == es::cli::kExitUsage);
    CHECK(contains(no_stream.err, "STREAM"));

    Run extra = run({"demo", "now"});
    CHECK(extra.code == es::cli::kExitUsage);
    CHECK(contains(extra.err, "unexpected argument 'now'"));

    CHECK(run({"--verbose"}).code == es::cli::kExitUsage);
}

}  // namespace ES_TEST_FILE_ID
