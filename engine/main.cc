#include "engine/cli/cli.h"

int main(int argc, char** argv) { return kf::cli::Main(argc, argv); }
