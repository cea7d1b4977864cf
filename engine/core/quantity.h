// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource).
// A quantity is held in milli-units: "250m" CPU is 250, "1" is 1000,
// "128Mi" is 128*2^20*1000. int64 milli-units cover up to ~9.2e15 units.
#pragma once

#include <cstdint>
#include <string>

#include "engine/core/status.h"

namespace kf {

class Quantity {
 public:
  Quantity() = default;
  static Quantity FromMilli(int64_t milli) { Quantity q; q.milli_ = milli; return q; }
  static Quantity FromUnits(int64_t units) { return FromMilli(units * 1000); }

  // Accepts "128Mi", "0.5Gi", "1Gi", "250m", "1", "1.5", "2k", "1e3", "100M"
  // (binary Ki Mi Gi Ti Pi Ei, decimal n u m k M G T P E, exponents).
  // Values below one milli-unit round up (away from zero), as Kubernetes
  // does. Errors are InvalidArgument with the apimachinery texts:
  //   "quantities must match the regular expression
  //    '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"   (shape)
  //   "unable to parse quantity's suffix"                (e.g. "1iM", "1e")
  //   "unable to parse numeric part of quantity"         (e.g. ".", "Mi")
  // and `quantity "1E" is too large` beyond int64 milli-units.
  static Result<Quantity> Parse(const std::string& s);

  int64_t milli() const { return milli_; }
  // Whole units, rounded up away from zero (bytes for memory, cores for CPU).
  int64_t Value() const;
  double AsDouble() const { return static_cast<double>(milli_) / 1000.0; }

  bool operator==(const Quantity&) const = default;
  auto operator<=>(const Quantity&) const = default;

 private:
  int64_t milli_ = 0;
};

// Memory as kubectl shows it: the largest binary suffix that divides the
// value exactly ("256Mi", "512Mi", "1Gi", "1536Mi"), else bytes ("1000").
std::string FormatMemory(int64_t bytes);
// Memory as `kubectl top` shows it: whole Mi, rounded down ("241Mi", "0Mi").
std::string FormatMemoryTop(int64_t bytes);
// CPU millicores: "250m"; whole cores as "1", "2".
std::string FormatCpu(int64_t millicores);
// CPU as `kubectl top` shows it: "89m".
std::string FormatCpuTop(int64_t millicores);

}  // namespace kf
