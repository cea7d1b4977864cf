// Server-side printing: a list or object as a meta.k8s.io Table, the reply
// kubectl asks for with Accept "application/json;as=Table;v=v1;g=meta.k8s.io".
// The cells come from the same code as the tools' kubectl renderings
// (engine/tools/render/table_rows.h).
#pragma once

#include <string>

#include "engine/core/clock.h"
#include "engine/core/json.h"

namespace kf::serve {

// The Table version an Accept header asks for: "v1", "v1beta1", or "" when
// it asks for no Table.
std::string TableVersion(const std::string& accept);

// What rows[].object holds (the includeObject query parameter).
enum class IncludeObject { kNone, kMetadata, kObject };
// "None", "Metadata" (the default, also for ""), "Object"; anything else is
// treated as Metadata, as the API server defaults it.
IncludeObject ParseIncludeObject(const std::string& value);

// A Table of the list's items (a single object is a one-row Table).
// resource_version goes into the Table's metadata.
Json ToTable(const Json& list_or_object, UnixMillis now, const std::string& table_version,
             IncludeObject include, const std::string& resource_version);

}  // namespace kf::serve
