# Reverse funnel, Monte Carlo and rates from history: append sources and tests.
list(APPEND PLAN_SRCS funnel_from_history.cc reverse_funnel.cc history_rates.cc distributions.cc montecarlo.cc)
list(APPEND PLAN_FUNNEL_TESTS reverse_funnel_test.cc history_rates_test.cc distributions_test.cc
  montecarlo_test.cc)
