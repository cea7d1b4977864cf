// The cells of kubectl's tables, before they are laid out as text: what the
// API server returns as a server-side Table (meta.k8s.io/v1) and what the
// Render*Table functions of kubectl_render.h format. One computation serves
// both, so `kubectl get` prints the same text against `kubeflight serve` as
// the tools render in process.
#pragma once

#include <string>
#include <vector>

#include "engine/core/clock.h"
#include "engine/core/json.h"

namespace kf::render {

struct TableRows {
  // Column headers as kubectl prints them ("NAME", "UP-TO-DATE", ...).
  std::vector<std::string> header;
  // Per column: 0 shown by default, 1 only with -o wide.
  std::vector<int> priority;
  // One row of cells per item of the list, in list order.
  std::vector<std::vector<std::string>> rows;
};

// The table of a list (PodList, DeploymentList, ...; a plain List uses its
// first item's kind), with every column including the -o wide ones, and no
// NAMESPACE column (kubectl adds that itself for -A).
TableRows ComputeTableRows(const Json& list, UnixMillis now);

// The header and rows of each kind's table (header first), as the text
// renderers lay them out. Internal to engine/tools/render.
std::vector<std::vector<std::string>> PodRows(const Json& items, UnixMillis now, bool wide);
std::vector<std::vector<std::string>> DeploymentRows(const Json& items, UnixMillis now);
std::vector<std::vector<std::string>> ReplicaSetRows(const Json& items, UnixMillis now);
std::vector<std::vector<std::string>> EventRows(const Json& items, UnixMillis now);
// ResourceQuotaList (quota_table.cc).
std::vector<std::vector<std::string>> ResourceQuotaRows(const Json& items, UnixMillis now);
// StorageClassList and PersistentVolumeList (storage_table.cc).
std::vector<std::vector<std::string>> StorageClassRows(const Json& items, UnixMillis now);
std::vector<std::vector<std::string>> PersistentVolumeRows(const Json& items, UnixMillis now);
// Other kinds (generic_table.cc), chosen by the list's item kind.
std::vector<std::vector<std::string>> GenericRows(const Json& list, UnixMillis now);
// "Pod" for a PodList; a plain List uses its first item's kind.
std::string ListItemKind(const Json& list);

}  // namespace kf::render
