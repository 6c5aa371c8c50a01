# Reverse funnel, Monte Carlo and rates from history: append sources and tests.
list(APPEND PLAN_SRCS)
list(APPEND PLAN_FUNNEL_TESTS)
