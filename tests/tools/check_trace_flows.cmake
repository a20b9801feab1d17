# Runs one lesson with its Trace Event export and checks its arrows (check_trace_flows.py).
# cmake -DCLI=... -DLESSON=... -DOUT=... -DPYTHON=... -DCHECKER=... -P check_trace_flows.cmake
# The first 10 s of virtual time: every kind of arrow, in seconds of test time (the whole
# lessons pass as well, in minutes: run the checker on a full run by hand).
execute_process(COMMAND ${CLI} run ${LESSON} --quiet --until 10s --export chrome --out ${OUT}
                RESULT_VARIABLE rc)
# 1: a lesson's "expect" entries, meant for the whole run, may fail when it stops at 10 s.
if(NOT rc EQUAL 0 AND NOT rc EQUAL 1)
  message(FATAL_ERROR "dplab-cli run ${LESSON} failed (${rc})")
endif()
file(GLOB traces ${OUT}/trace*.json)
list(LENGTH traces n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "expected one Trace Event file in ${OUT}, found: ${traces}")
endif()
execute_process(COMMAND ${PYTHON} ${CHECKER} ${traces} ${OUT}/trace.jsonl RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${traces}: arrows that do not bind (above)")
endif()
