# Runs one lesson with its Trace Event export and checks its arrows (check_trace_flows.py).
# cmake -DCLI=... -DLESSON=... -DOUT=... -DPYTHON=... -DCHECKER=... -P check_trace_flows.cmake
# The first 10 s of virtual time: every kind of arrow, in seconds of test time (the whole
# lessons pass as well, in minutes: run the checker on a full run by hand). A fresh folder:
# no file of an earlier run is checked.
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${CLI} run ${LESSON} --quiet --until 10s --export chrome --out ${OUT}
                RESULT_VARIABLE rc)
# 1: a lesson's "expect" entries, meant for the whole run, may fail when it stops at 10 s.
if(NOT rc EQUAL 0 AND NOT rc EQUAL 1)
  message(FATAL_ERROR "dplab-cli run ${LESSON} failed (${rc})")
endif()
set(trace ${OUT}/trace.perfetto.json)
execute_process(COMMAND ${PYTHON} ${CHECKER} ${trace} ${OUT}/trace.jsonl RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${trace}: arrows that do not bind (above)")
endif()
