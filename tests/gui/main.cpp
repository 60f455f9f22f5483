// The GUI suites' runner. CTest runs each suite as its own test under `xvfb-run -a`.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
