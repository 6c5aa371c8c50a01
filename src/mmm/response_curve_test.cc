#include "mroi/response_curve.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mroi {
namespace {

TEST(ResponseCurve, HillAtHalfSaturationIsHalfTheCoefficient) {
  // carryover 2, k 100: spend 50 -> x = 100 = k -> coefficient / 2.
  const ResponseParams p{.coefficient = 1000, .hill_alpha = 2.5, .half_saturation = 100,
                         .carryover = 2};
  EXPECT_DOUBLE_EQ(SteadyStateResponse(p, 50), 500);
  EXPECT_EQ(SteadyStateResponse(p, 0), 0);
  EXPECT_EQ(SteadyStateResponse(p, -5), 0);
  // alpha 1: x / (x + k) at x = 300 -> 0.75.
  const ResponseParams linear{.coefficient = 8, .hill_alpha = 1, .half_saturation = 100,
                              .carryover = 3};
  EXPECT_DOUBLE_EQ(SteadyStateResponse(linear, 100), 6);
  EXPECT_DOUBLE_EQ(MarginalResponse(linear, 0), 8 * 3 / 100.0);
}

TEST(ResponseCurve, MarginalIsTheDerivative) {
  const ResponseParams p{.coefficient = 5000, .hill_alpha = 1.7, .half_saturation = 300,
                         .carryover = 1.6};
  for (double s : {1.0, 50.0, 187.5, 400.0, 5000.0}) {
    const double h = 1e-4 * s;
    const double numeric = (SteadyStateResponse(p, s + h) - SteadyStateResponse(p, s - h)) / (2 * h);
    EXPECT_NEAR(MarginalResponse(p, s), numeric, 1e-6 * std::abs(numeric) + 1e-12) << s;
  }
  EXPECT_EQ(MarginalResponse(p, 0), 0);  // alpha > 1: flat at zero
}

TEST(ResponseCurve, JsonRoundTripsExactly) {
  ResponseModel model;
  model.outcome = "conversions";
  model.outcome_value = 0.0349;
  model.gross_margin = 0.6;
  model.base_per_period = 1.0 / 3;
  ResponseCurve curve;
  curve.channel = "Paid Search";
  curve.tier = "core";
  curve.point = {.coefficient = 0.1, .hill_alpha = 2.0 / 3, .half_saturation = 1e7 / 3,
                 .carryover = 1 / 0.7};
  curve.draws = {curve.point, {.coefficient = 0.2, .hill_alpha = 1, .half_saturation = 5,
                               .carryover = 1}};
  curve.mean_spend = 123.456;
  curve.min_spend = 1;
  curve.max_spend = 999.5;
  model.curves = {curve};
  Result<ResponseModel> back = ResponseModelFromJson(ResponseModelToJson(model));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->outcome, "conversions");
  EXPECT_EQ(back->outcome_value, 0.0349);
  EXPECT_EQ(back->base_per_period, 1.0 / 3);
  ASSERT_EQ(back->curves.size(), 1u);
  EXPECT_EQ(back->curves[0].tier, "core");
  EXPECT_EQ(back->curves[0].point.half_saturation, 1e7 / 3);
  EXPECT_EQ(back->curves[0].point.carryover, 1 / 0.7);
  ASSERT_EQ(back->curves[0].draws.size(), 2u);
  EXPECT_EQ(back->curves[0].draws[1].half_saturation, 5);
  EXPECT_EQ(back->curves[0].max_spend, 999.5);
}

TEST(ResponseCurve, BadJsonIsAClearError) {
  EXPECT_EQ(ResponseModelFromJson("{").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ResponseModelFromJson("{\"curves\": []}").status().code(),
            StatusCode::kInvalidArgument);
  Result<ResponseModel> negative = ResponseModelFromJson(
      R"({"curves": [{"channel": "tv", "params": {"coefficient": -1, "hill_alpha": 1,
          "half_saturation": 1, "carryover": 1}}]})");
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.status().message().find("curves[0].params"), std::string::npos);
  Result<ResponseModel> twice = ResponseModelFromJson(
      R"({"curves": [{"channel": "tv", "params": {"coefficient": 1, "hill_alpha": 1,
          "half_saturation": 1, "carryover": 1}}, {"channel": "tv", "params": {"coefficient": 1,
          "hill_alpha": 1, "half_saturation": 1, "carryover": 1}}]})");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("twice"), std::string::npos);
  EXPECT_EQ(LoadResponseModel("/nonexistent/model.json").status().code(), StatusCode::kIOError);
}

}  // namespace
}  // namespace mroi
