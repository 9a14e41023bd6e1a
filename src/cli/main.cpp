// Entry point of the `es-sandbox` command-line tool; everything else is in run_cli (cli.h).
#include <iostream>
#include <string>
#include <vector>

#include "cli/cli.h"

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    return es::cli::run_cli(args, std::cin, std::cout, std::cerr);
}
