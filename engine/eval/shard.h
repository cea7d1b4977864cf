// Splitting a scenario list across machines (`kubeflight eval --shard I/N`,
// e.g. one shard per pod of a Kubernetes Indexed Job: I =
// JOB_COMPLETION_INDEX + 1). Deterministic: the list is sorted by scenario
// name and shard I takes every N-th entry starting at the I-th, so the N
// shards partition the list and their sizes differ by at most one.
#pragma once

#include <string>
#include <vector>

#include "engine/core/status.h"

namespace kf::eval {

struct Shard {
  int index = 1;  // 1-based
  int count = 1;
};

// "2/5" → {2, 5}. InvalidArgument `invalid --shard "x": expected I/N with
// 1 <= I <= N` otherwise.
Result<Shard> ParseShard(const std::string& text);

// The paths of shard `s`, in name order. `names[i]` is the name of paths[i].
std::vector<std::string> SelectShard(const std::vector<std::string>& paths, const std::vector<std::string>& names,
                                     const Shard& s);

}  // namespace kf::eval
