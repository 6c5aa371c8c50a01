#pragma once

// The Boost.Math error policy of the experiment layer: report domain, pole, overflow
// and evaluation errors through errno and a NaN/inf result instead of throwing, so no
// exception can cross the library API. Inputs are validated before any call anyway.

#include <boost/math/policies/policy.hpp>

namespace mroi::internal {

using NoThrowPolicy = boost::math::policies::policy<
    boost::math::policies::domain_error<boost::math::policies::errno_on_error>,
    boost::math::policies::pole_error<boost::math::policies::errno_on_error>,
    boost::math::policies::overflow_error<boost::math::policies::errno_on_error>,
    boost::math::policies::evaluation_error<boost::math::policies::errno_on_error>,
    boost::math::policies::rounding_error<boost::math::policies::errno_on_error>,
    boost::math::policies::indeterminate_result_error<
        boost::math::policies::errno_on_error>>;

}  // namespace mroi::internal
