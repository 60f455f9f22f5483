// The GUI suites' runner: doctest's, with skips counted (support/test_main.h).
#include <dlfcn.h>

#include <initializer_list>

namespace {

// Mesa makes a few allocations once per process that it never frees, and unloads its driver before
// LeakSanitizer looks, which then cannot name the library ("<unknown module>") and so cannot apply
// the suppressions in tests/gui/lsan.supp. Loading the drivers first with RTLD_NODELETE keeps them
// mapped to the end; a leak in Stride's own code is still reported.
const bool kMesaKeptLoaded = [] {
  for (const char* lib : {"libGLX_mesa.so.0", "libEGL_mesa.so.0", STRIDE_DRI_DIR "/swrast_dri.so"})
    dlopen(lib, RTLD_NOW | RTLD_GLOBAL | RTLD_NODELETE);
  return true;
}();

}  // namespace

#include "support/test_main.h"
