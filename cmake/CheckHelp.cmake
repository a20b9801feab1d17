# ctest helper: runs `${EXE} --help`, which must exit 0 and mention every word of WORDS
# (a ;-list), so the help cannot fall behind the commands and options.
#   cmake -DEXE=path -DWORDS="run;--out" -P CheckHelp.cmake
execute_process(COMMAND ${EXE} --help RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXE} --help exited with ${rc}: ${err}")
endif()
set(missing "")
foreach(word IN LISTS WORDS)
  string(FIND "${out}" "${word}" at)
  if(at EQUAL -1)
    list(APPEND missing "${word}")
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "${EXE} --help does not mention: ${missing}\n${out}")
endif()
