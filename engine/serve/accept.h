// The Accept header as kubectl sends it: media types separated by commas,
// each with ;key=value parameters ("application/json;as=Table;v=v1;g=meta.k8s.io").
#pragma once

#include <initializer_list>
#include <map>
#include <string>

namespace kf::serve {

// The version ("v" parameter) of the first of `preferred` (in order of
// preference) that some media type of `accept` offers with parameters
// g=`group` and as=`as`; "" when none does.
std::string AcceptedVersion(const std::string& accept, const std::string& group,
                            const std::string& as, std::initializer_list<const char*> preferred);

}  // namespace kf::serve
