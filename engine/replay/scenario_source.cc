#include "engine/replay/scenario_source.h"

#include <fstream>
#include <sstream>

#include "engine/core/json.h"

namespace kf::replay {

Result<std::string> ScenarioFileHash(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open scenario " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return Sha256Hex(ss.str());
}

Result<std::string> FindRecordedScenario(const recorder::RunRecord& run, const std::string& path,
                                         std::string (*resolve)(const std::string&)) {
  const recorder::RunInfo& info = run.info;
  if (info.scenario.empty() && path.empty()) {
    return FailedPrecondition("run " + info.id + " names no scenario; pass --scenario FILE");
  }
  std::string file = path.empty() ? resolve(info.scenario) : path;
  KF_ASSIGN_OR_RETURN(std::string hash, ScenarioFileHash(file));
  if (!info.scenario_hash.empty() && hash != info.scenario_hash) {
    return FailedPrecondition("scenario " + info.scenario + " changed since run " + info.id +
                              " was recorded (hash " + info.scenario_hash.substr(0, 12) + "… now " +
                              hash.substr(0, 12) + "…)");
  }
  return file;
}

}  // namespace kf::replay
