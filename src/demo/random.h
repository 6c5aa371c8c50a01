// A seeded random generator with its own distributions, so that one seed gives the same
// stream on every standard library (std:: distributions are implementation-defined).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>

namespace mroi::internal {

/// One step of splitmix64: a bijective mix of `state`, advanced by the golden gamma.
inline uint64_t SplitMix64(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// A bijective 64-bit mix (the splitmix64 finaliser): distinct inputs, distinct outputs.
inline uint64_t Mix64(uint64_t value) {
  value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ULL;
  value = (value ^ (value >> 27)) * 0x94D049BB133111EBULL;
  return value ^ (value >> 31);
}

/// xoshiro256** seeded with splitmix64, plus the samplers the demo needs.
/// Not thread-safe; give each stream its own Rng.
class Rng {
 public:
  /// A stream for (seed, stream): different streams of one seed are independent.
  explicit Rng(uint64_t seed, uint64_t stream = 0) {
    uint64_t state = seed ^ Mix64(stream + 0x632BE59BD9B4E019ULL);
    for (uint64_t& word : state_) word = SplitMix64(&state);
  }

  /// 64 random bits.
  uint64_t Next() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t shifted = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= shifted;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  /// Uniform in [0, 1), 53 bits.
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  /// Uniform in [low, high).
  double Uniform(double low, double high) { return low + (high - low) * Uniform(); }
  /// Uniform integer in [low, high] (inclusive); low <= high.
  int64_t UniformInt(int64_t low, int64_t high) {
    const uint64_t span = static_cast<uint64_t>(high - low) + 1;
    return low + static_cast<int64_t>(Next() % span);  // bias < 2^-40 for small spans
  }
  /// True with probability p.
  bool Bernoulli(double p) { return Uniform() < p; }
  /// Standard normal (Box-Muller, one value per call).
  double Normal(double mean = 0.0, double stddev = 1.0) {
    double u1 = Uniform();
    while (u1 <= 0.0) u1 = Uniform();
    const double u2 = Uniform();
    return mean +
           stddev * std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  /// exp(Normal(mu, sigma)).
  double LogNormal(double mu, double sigma) { return std::exp(Normal(mu, sigma)); }
  /// Exponential with the given mean.
  double Exponential(double mean) {
    double u = Uniform();
    while (u <= 0.0) u = Uniform();
    return -mean * std::log(u);
  }
  /// Poisson (Knuth's product method; fine for the small means used here).
  int64_t Poisson(double mean) {
    const double limit = std::exp(-mean);
    int64_t count = 0;
    double product = Uniform();
    while (product > limit) {
      ++count;
      product *= Uniform();
    }
    return count;
  }
  /// Number of failures before the first success, success probability p (0 < p <= 1).
  int64_t Geometric(double p) {
    int64_t count = 0;
    while (!Bernoulli(p)) ++count;
    return count;
  }
  /// Index drawn with probability proportional to weights[i].
  size_t Pick(const double* weights, size_t count) {
    double total = 0;
    for (size_t i = 0; i < count; ++i) total += weights[i];
    double target = Uniform() * total;
    for (size_t i = 0; i < count; ++i) {
      target -= weights[i];
      if (target < 0) return i;
    }
    return count - 1;
  }
  size_t Pick(std::initializer_list<double> weights) {
    return Pick(weights.begin(), weights.size());
  }

 private:
  static uint64_t Rotl(uint64_t value, int bits) {
    return (value << bits) | (value >> (64 - bits));
  }
  uint64_t state_[4];
};

}  // namespace mroi::internal
