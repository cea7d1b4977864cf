// Label-set helpers for the PromQL evaluator. Label sets are shared,
// immutable and cheap to pass around (LabelsPtr); a change makes a copy.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/metrics/series_store.h"

namespace kf::promql {

using LabelsPtr = std::shared_ptr<const Labels>;

inline constexpr const char* kMetricName = "__name__";

// A LabelsPtr that refers to `labels` without owning it.
// REQUIRES: `labels` outlives every copy of the pointer.
LabelsPtr BorrowLabels(const Labels& labels);
LabelsPtr MakeLabels(Labels labels);
// The empty label set (shared).
LabelsPtr EmptyLabels();

// `l` without __name__; returns `l` itself when it has no name.
LabelsPtr DropMetricName(const LabelsPtr& l);

// The value of `name`, "" when absent (Prometheus's labels.Get).
const std::string& GetLabel(const Labels& l, const std::string& name);

// Prometheus's model.LabelName.IsValid: [a-zA-Z_][a-zA-Z0-9_]*.
bool IsValidLabelName(const std::string& name);

// Order-sensitive hash of a label set.
size_t HashLabels(const Labels& l);

// Prometheus's labels.String(): {__name__="x", a="b"} (name inside braces).
std::string LabelsString(const Labels& l);
// How the test files and Prometheus print a series: x{a="b"} or {a="b"}.
std::string SeriesString(const Labels& l);

// A string key for matching: the values of `names` (on = true) or of every
// label except `names` and __name__ (on = false).
std::string MatchSignature(const Labels& l, bool on, const std::vector<std::string>& names);

}  // namespace kf::promql
