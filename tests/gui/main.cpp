// The GUI suites' runner: doctest's, with skips counted (support/test_main.h).
#include "support/test_main.h"
