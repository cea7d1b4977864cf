#include "engine/agent/json_printer.h"

#include <ostream>

namespace kf::agent {

void JsonLinesPrinter::OnEvent(const RunEvent& event) {
  out_ << CanonicalJson(ToJson(event)) << "\n";
  out_.flush();
}

}  // namespace kf::agent
