# Allocator, moves, scenarios and the plan-vs-actual tracker: append sources and tests.
list(APPEND PLAN_SRCS allocate.cc moves.cc scenarios.cc track.cc track_csv.cc)
list(APPEND PLAN_ALLOCATE_TESTS allocate_test.cc moves_test.cc track_test.cc)
