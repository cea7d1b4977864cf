// JsonObject: a JSON object built from key, value arguments with one
// allocation for its members.
//
//   Json c = JsonObject("type", type, "status", "True", "lastProbeTime", nullptr);
//
// A braced initializer list ({{"type", type}, ...}) makes a temporary
// two-element array per member, copies every value out of the list and
// grows the object one member at a time; the simulator builds a status or
// an event per pod change, and those temporaries were most of its
// allocations. Here each value is moved (or converted) straight into an
// object reserved to its final size. The result equals what the
// initializer list gives: same members, and a repeated key keeps its first
// value.
#pragma once

#include <string>
#include <utility>

#include "engine/core/json.h"

namespace kf {

namespace json_builder_internal {

inline void AddMembers(Json::object_t&) {}

template <class K, class V, class... Rest>
void AddMembers(Json::object_t& members, K&& key, V&& value, Rest&&... rest) {
  members.emplace(std::string(std::forward<K>(key)), Json(std::forward<V>(value)));
  AddMembers(members, std::forward<Rest>(rest)...);
}

}  // namespace json_builder_internal

template <class... Args>
Json JsonObject(Args&&... key_values) {
  static_assert(sizeof...(Args) % 2 == 0, "JsonObject takes key, value pairs");
  Json j(Json::value_t::object);
  auto& members = j.get_ref<Json::object_t&>();
  members.reserve(sizeof...(Args) / 2);
  json_builder_internal::AddMembers(members, std::forward<Args>(key_values)...);
  return j;
}

}  // namespace kf
