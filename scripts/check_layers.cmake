# Refuses an include that goes up the layer table of docs/ARCHITECTURE.md (`#include "DIR/…"`
# from a file in src/LAYER/ where DIR is not below LAYER). Run by the build before anything
# compiles: cmake -DROOT=<source dir> -DSTAMP=<file> -P scripts/check_layers.cmake
#
# Layer: the directories its files may include besides their own and common/.
set(ALLOWED_common "")
set(ALLOWED_srs "")
set(ALLOWED_nn "")
set(ALLOWED_sqlite "")
set(ALLOWED_content "srs;sqlite")
set(ALLOWED_store "content;srs;sqlite")
set(ALLOWED_quiz "store;content;srs;sqlite;nn")
set(ALLOWED_stats "quiz;store;content;srs;sqlite")
set(ALLOWED_lab "nn")
set(ALLOWED_demos "lab;nn")
set(ALLOWED_gfx "demos;lab;nn")
set(ALLOWED_ui "gfx;demos;lab;nn;quiz;stats;store;content;srs;sqlite")
set(ALLOWED_app "ui;gfx;demos;lab;nn;quiz;stats;store;content;srs;sqlite")

set(LAYERS common srs nn sqlite content store quiz stats lab demos gfx ui app)

file(GLOB_RECURSE sources RELATIVE ${ROOT}/src ${ROOT}/src/*.h ${ROOT}/src/*.cpp ${ROOT}/src/*.inl)
set(problems "")
foreach(rel ${sources})
  string(REGEX MATCH "^[a-z_]+" layer "${rel}")
  if(NOT DEFINED ALLOWED_${layer})
    string(APPEND problems "src/${rel}: src/${layer}/ is not in the layer table of scripts/check_layers.cmake\n")
    continue()
  endif()
  set(allowed ${ALLOWED_${layer}} ${layer} common)
  # Both forms ("dir/x.h" and <dir/x.h>: src/ is on the include path), with or without spaces;
  # a path that climbs out with ".." is refused outright.
  file(STRINGS ${ROOT}/src/${rel} lines REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<](\\.\\./|[a-z_]+/)")
  foreach(line ${lines})
    string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*[\"<]([a-z_.]+)/.*" "\\1" dir "${line}")
    list(FIND LAYERS "${dir}" is_layer)  # <nlohmann/json.hpp>, <sys/wait.h> are not ours
    list(FIND allowed "${dir}" found)
    if(dir STREQUAL ".." OR (NOT is_layer EQUAL -1 AND found EQUAL -1))
      string(STRIP "${line}" line)
      string(APPEND problems "src/${rel}: ${line}: src/${layer}/ may not include ${dir}/ (it sits above it)\n")
    endif()
  endforeach()
endforeach()
if(problems)
  message(FATAL_ERROR "Includes against the layer order (docs/ARCHITECTURE.md):\n${problems}")
endif()
file(WRITE ${STAMP} "layers checked\n")
