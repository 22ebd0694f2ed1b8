# Start-order hints for ctest (COST, in seconds of a sanitizer run): on a clean clone ctest has no timing data yet
# and would start the tests in the order they were added, leaving the slowest unit tests for the end, where one
# core idles while they finish. Included by ctest after the discovered tests (TEST_INCLUDE_FILES in
# tests/CMakeLists.txt); a name that no longer exists is ignored. Once a build tree has its own timing data
# (Testing/Temporary/CTestCostData.txt), ctest uses that instead.
set_tests_properties(
  [=[unit:evidence, facts and logs copied out of Lua count against --max-memory]=]
  [=[unit:triage names the right finding first for every lab scenario]=]
  [=[unit:suggest ranks the runbook of the expected finding first for the public real cases]=]
  PROPERTIES COST 60)
set_tests_properties(
  [=[support:scenario files: built-ins written as files answer with the built-ins' frames]=]
  [=[unit:limits hold under load: 10,000 parallel branches and a million binding calls finish in order]=]
  [=[support:scenario files: timed behaviour after hello and over the lab's life]=]
  [=[unit:backtracking in string.find, match, gsub and gmatch stops at --max-cpu]=]
  PROPERTIES COST 25)
