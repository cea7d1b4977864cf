// Prints each run event as one line of canonical JSON (ToJson(RunEvent)).
#pragma once

#include <iosfwd>

#include "engine/agent/run_event.h"

namespace kf::agent {

class JsonLinesPrinter final : public RunObserver {
 public:
  explicit JsonLinesPrinter(std::ostream& out) : out_(out) {}
  void OnEvent(const RunEvent& event) override;

 private:
  std::ostream& out_;
};

}  // namespace kf::agent
