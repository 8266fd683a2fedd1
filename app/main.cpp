// lnstore: the binary is a thin shell over core; everything else is in app/cli.cpp.
#include "app/cli.hpp"

int main(int argc, char** argv) { return lnstore::app::run(argc, argv); }
