# Hardening builds (docs/developing.md, "Hardening").
#
# DPLAB_SANITIZE=address,undefined (or ON for the same) builds every target, libraries, apps and
# tests, with those sanitizers. UBSan halts on the first finding so that a test fails instead of
# printing a warning nobody reads. Use a separate build folder (setup.sh sanitize uses build-asan).
#
# DPLAB_FUZZ=ON (with CMAKE_CXX_COMPILER=clang++-14) adds the libFuzzer targets in tests/fuzz.
set(DPLAB_SANITIZE "" CACHE STRING "Sanitizers for every target: address,undefined or ON (empty: none)")
option(DPLAB_FUZZ "Build the libFuzzer targets (needs clang)" OFF)

if(DPLAB_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "DPLAB_FUZZ needs clang (libFuzzer): configure with "
                        "-DCMAKE_C_COMPILER=clang-14 -DCMAKE_CXX_COMPILER=clang++-14")
  endif()
  if(NOT DPLAB_SANITIZE)
    set(DPLAB_SANITIZE "address,undefined")
  endif()
endif()

if(DPLAB_SANITIZE)
  if(DPLAB_SANITIZE STREQUAL "ON" OR DPLAB_SANITIZE STREQUAL "1" OR DPLAB_SANITIZE STREQUAL "TRUE")
    set(DPLAB_SANITIZE "address,undefined")
  endif()
  set(dplab_sanitize_flags -fsanitize=${DPLAB_SANITIZE} -fno-omit-frame-pointer
                           -fno-sanitize-recover=all)
  # add_compile_options/add_link_options apply to everything defined after this file is included,
  # so the sanitizer runtime sees every allocation of ours (mixing instrumented and plain objects
  # hides container overflows).
  add_compile_options(${dplab_sanitize_flags})
  add_link_options(${dplab_sanitize_flags})
  message(STATUS "dplab: sanitizers ${DPLAB_SANITIZE}")
endif()

# dplab_fuzz_coverage(TARGET...): libFuzzer's coverage instrumentation for the code the fuzz
# targets reach: the GUI-free libraries and the targets themselves (all of PCH kind "core", so
# they still share one precompiled header). The GUI, the CLI and the tests compile and run without
# it; only the fuzz_* executables link libFuzzer's main.
function(dplab_fuzz_coverage)
  if(DPLAB_FUZZ)
    foreach(target ${ARGN})
      target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
    endforeach()
  endif()
endfunction()
