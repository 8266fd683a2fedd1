// The command-line front end: global options, command groups, dispatch.
#pragma once

namespace lnstore::app {

// Parses argv, runs the command and returns the process exit code
// (SPEC section 2). Never throws.
int run(int argc, char** argv);

}  // namespace lnstore::app
