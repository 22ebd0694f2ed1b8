#include "cli.hpp"

int main(int argc, char** argv) { return clawbook::cli_main(argc, argv); }
