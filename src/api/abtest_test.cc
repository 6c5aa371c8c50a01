#include <cmath>
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "mroi/api_abtest.h"

#include "report/report_test_util.h"

namespace mroi::api {
namespace {

using nlohmann::json;

Params Arms(const char* control, const char* variant) {
  Params params;
  params.Add("control", control);
  params.Add("variant", variant);
  return params;
}

std::string ErrorOf(const Result<std::string>& result) {
  EXPECT_FALSE(result.ok());
  return result.ok() ? "" : result.status().message();
}

TEST(AbtestApiTest, ProportionsIsThePooledZTest) {
  Result<std::string> out =
      AbtestJson(Arms("49/1000", "61/1000"), AbtestKind::kProportions);
  ASSERT_TRUE(out.ok()) << out.status().message();
  const json test = json::parse(*out);
  // z = (p2 - p1) / sqrt(p (1 - p) (1/n1 + 1/n2)), p the pooled rate 110 / 2000.
  const double pooled = 110.0 / 2000;
  const double z = (0.061 - 0.049) / std::sqrt(pooled * (1 - pooled) * (2.0 / 1000));
  EXPECT_NEAR(test["z"].get<double>(), z, 1e-12);
  EXPECT_NEAR(test["p_value"].get<double>(), std::erfc(z / std::sqrt(2.0)), 1e-9);
  EXPECT_NEAR(test["lift_rel"].get<double>(), 0.012 / 0.049, 1e-12);
  EXPECT_EQ(test["significant"], false);
  EXPECT_EQ(test["srm_mismatch"], false);
  // The CLI's verdict, word for word.
  EXPECT_EQ(
      test["verdict"],
      "not significant (p = 0.24): collect ~4,665 more users per arm to detect +24.5 % "
      "(80 % power)");
}

TEST(AbtestApiTest, MeansBayesAndPowerRun) {
  Result<std::string> means =
      AbtestJson(Arms("1000:12.5:30", "1000:14:31"), AbtestKind::kMeans);
  ASSERT_TRUE(means.ok()) << means.status().message();
  const json welch = json::parse(*means);
  // Welch t = (m2 - m1) / sqrt(s1^2/n1 + s2^2/n2).
  EXPECT_NEAR(welch["t"].get<double>(), 1.5 / std::sqrt(900.0 / 1000 + 961.0 / 1000),
              1e-9);

  Result<std::string> bayes = AbtestJson(Arms("49/1000", "61/1000"), AbtestKind::kBayes);
  ASSERT_TRUE(bayes.ok()) << bayes.status().message();
  const json beta = json::parse(*bayes);
  // Posterior mean of Beta(1 + 49, 1 + 951).
  EXPECT_NEAR(beta["control"]["posterior_mean"].get<double>(), 50.0 / 1002, 1e-12);
  EXPECT_GT(beta["chance_to_beat"].get<double>(), 0.5);

  Params power;
  power.Add("baseline", "0.05");
  power.Add("mde", "0.1");
  power.Add("relative", "");
  Result<std::string> size = AbtestJson(power, AbtestKind::kPower);
  ASSERT_TRUE(size.ok()) << size.status().message();
  const json users = json::parse(*size);
  EXPECT_NEAR(users["variant_rate"].get<double>(), 0.055, 1e-12);
  EXPECT_EQ(users["users_control"], 31234);  // as `mroi abtest power` prints
  EXPECT_EQ(users["users_total"], 62468);
}

TEST(AbtestApiTest, BadRequestsGiveTheCliMessages) {
  EXPECT_EQ(ErrorOf(AbtestJson(Arms("49-1000", "61/1000"), AbtestKind::kProportions)),
            "--control '49-1000': write conversions/users, e.g. 49/1000");
  EXPECT_EQ(ErrorOf(AbtestJson(Arms("49/1000", "61/abc"), AbtestKind::kProportions)),
            "--variant users: 'abc' is not a whole number");
  EXPECT_EQ(ErrorOf(AbtestJson(Arms("1100/1000", "61/1000"), AbtestKind::kProportions)),
            "--control has more conversions (1100) than users (1000)");
  EXPECT_EQ(ErrorOf(AbtestJson(Arms("0:1:1", "1000:14:31"), AbtestKind::kMeans)),
            "--control has 0 users: need at least 2");
  Params params = Arms("49/1000", "61/1000");
  params.Add("allocation", "1");
  EXPECT_EQ(
      ErrorOf(AbtestJson(params, AbtestKind::kProportions)),
      "--allocation 1 (share of users in the variant) must lie strictly between 0 and 1");
  params = Arms("49/1000", "61/1000");
  params.Add("prior", "1");
  EXPECT_EQ(ErrorOf(AbtestJson(params, AbtestKind::kBayes)),
            "--prior '1': write alpha:beta of the Beta prior, e.g. 1:1");
  params = Arms("49/1000", "61/1000");
  params.Add("alpha", "x");
  EXPECT_EQ(ErrorOf(AbtestJson(params, AbtestKind::kProportions)),
            "--alpha 'x' is not a number");
  params = Params();
  params.Add("control", "49/1000");
  EXPECT_EQ(ErrorOf(AbtestJson(params, AbtestKind::kProportions)),
            "--variant is required");
  params = Params();
  params.Add("baseline", "0.05");
  EXPECT_NE(ErrorOf(AbtestJson(params, AbtestKind::kPower)).find("--mde is required"),
            std::string::npos);
  params.Add("mde", "0.1");
  params.Add("relative", "maybe");
  EXPECT_EQ(ErrorOf(AbtestJson(params, AbtestKind::kPower)),
            "--relative 'maybe': use true or false");
  params = Arms("49/1000", "61/1000");
  params.Add("prior", "1:1");
  EXPECT_NE(ErrorOf(AbtestJson(params, AbtestKind::kProportions))
                .find("unknown parameter --prior for abtest proportions"),
            std::string::npos);
}

TEST(AbtestApiTest, DataReadsTheDemoReelTestOffTheHistory) {
  const auto dir = std::filesystem::temp_directory_path() / "mroi_api_abtest_test";
  Result<PipelineResult> history = test_util::RunDemoPipeline(dir);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(history.ok()) << history.status().message();
  Params params;
  params.Add("variants", "reel_a,reel_b");
  Result<std::string> out = AbtestDataJson(params, *history);
  ASSERT_TRUE(out.ok()) << out.status().message();
  const json readout = json::parse(*out);
  // As `mroi abtest data --data mroi-demo/data --variants reel_a,reel_b` reads it.
  EXPECT_EQ(readout["units"], 430);
  EXPECT_EQ(readout["control"]["name"], "reel_a");
  EXPECT_EQ(readout["control"]["users"], 214);
  EXPECT_EQ(readout["control"]["conversions"], 17);
  EXPECT_EQ(readout["variants"][0]["name"], "reel_b");
  EXPECT_EQ(readout["variants"][0]["users"], 216);
  params.Add("split", "reel_a=50");
  Result<std::string> bad = AbtestDataJson(params, *history);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "--split gives no share for variant 'reel_b'");
}

}  // namespace
}  // namespace mroi::api
