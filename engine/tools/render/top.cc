// `kubectl top pods`: per pod, the containers' usage summed; CPU in
// millicores (rounded up), memory in Mi (rounded down); sorted by name as
// kubectl's PodMetricsSorter does with no --sort-by. kubectl's tabwriter
// ends every cell with a tab, so each line is padded to the last column's
// width (trailing spaces included).
#include <algorithm>

#include "engine/core/quantity.h"
#include "engine/tools/render/kubectl_render.h"
#include "engine/tools/render/render_util.h"
#include "engine/tools/render/tabwriter.h"

namespace kf {

std::string RenderTopPods(const Json& pod_metrics_list) {
  using namespace render;
  const Json& items = Items(pod_metrics_list);
  if (items.empty()) return NoResources(pod_metrics_list);
  std::vector<const Json*> pods;
  for (const Json& p : items) pods.push_back(&p);
  std::stable_sort(pods.begin(), pods.end(), [](const Json* a, const Json* b) {
    return Str(At(*a, {"metadata", "name"})) < Str(At(*b, {"metadata", "name"}));
  });
  TabWriter w(6, 3);
  const bool all = AllNamespaces(pod_metrics_list);
  w.Write(std::string(all ? "NAMESPACE\t" : "") + "NAME\tCPU(cores)\tMEMORY(bytes)\t\n");
  for (const Json* p : pods) {
    int64_t cpu_milli = 0, mem_milli = 0;
    for (const Json& c : Field(*p, "containers")) {
      Result<Quantity> cpu = Quantity::Parse(Str(At(c, {"usage", "cpu"})));
      Result<Quantity> mem = Quantity::Parse(Str(At(c, {"usage", "memory"})));
      if (cpu.ok()) cpu_milli += cpu->milli();
      if (mem.ok()) mem_milli += mem->milli();
    }
    w.Write((all ? Str(At(*p, {"metadata", "namespace"})) + "\t" : std::string()) +
            Str(At(*p, {"metadata", "name"})) + "\t" + FormatCpuTop(cpu_milli) + "\t" +
            FormatMemoryTop(mem_milli / 1000) + "\t\n");
  }
  return w.Finish();
}

}  // namespace kf
