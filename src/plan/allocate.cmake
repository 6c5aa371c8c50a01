# Allocator, moves, scenarios and the plan-vs-actual tracker: append sources and tests.
list(APPEND PLAN_SRCS)
list(APPEND PLAN_ALLOCATE_TESTS)
