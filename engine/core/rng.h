// Seeded pseudo-random numbers. The only randomness the engine uses; the
// same seed gives the same sequence on every platform and compiler (no
// std:: distributions, whose output is implementation-defined).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kf {

class Rng {
 public:
  explicit Rng(uint64_t seed);

  uint64_t Next();                          // uniform 64 bits
  double Uniform();                         // [0, 1)
  double Uniform(double lo, double hi);     // [lo, hi)
  int64_t UniformInt(int64_t lo, int64_t hi);  // [lo, hi], REQUIRES lo <= hi
  double Normal(double mean, double stddev);   // Box-Muller, deterministic
  // |Normal(0, 1)| never exceeds this: the draw's uniform is at least
  // 2^-53, so |z| <= sqrt(-2 ln 2^-53) = 8.572. For conservative bounds.
  static constexpr double kNormalBound = 8.6;
  bool Bernoulli(double p);

  // n characters drawn from `alphabet`.
  std::string String(size_t n, std::string_view alphabet);
  // A Kubernetes generated-name suffix: n characters from
  // "bcdfghjklmnpqrstvwxz2456789" (k8s.io/apimachinery/pkg/util/rand).
  std::string KubeSuffix(size_t n = 5);

  // An independent generator derived from this seed and a label, so adding a
  // consumer does not shift the streams of the others.
  Rng Fork(std::string_view label) const;

  uint64_t seed() const { return seed_; }

 private:
  uint64_t seed_;
  uint64_t s_[4];
};

}  // namespace kf
