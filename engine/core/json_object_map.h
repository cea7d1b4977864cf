// The map behind every JSON object (kf::Json, json.h): one vector of
// (key, value) pairs kept sorted by key, instead of std::map's node per key.
//
// Same order and lookups as std::map<std::string, Json> (keys compare as
// std::string does), so dumps, hashes and recordings are unchanged. A node
// per key cost 96 bytes of heap plus a malloc each; objects are the
// simulator's whole state (every pod, event and node), and most have under
// 30 keys, where a binary search over a vector is as fast as a tree walk and
// copying one is a single allocation.
//
// The contract that differs from std::map: inserting or erasing a key moves
// the object's other members, so references, pointers and iterators into an
// object are invalidated by adding or removing a key of *that same object*
// (changing a member's value, or members of nested objects, is fine).
// Do not hold `Json& a = obj["a"]` across `obj["b"] = ...` when "b" may be
// new.
//
// The interface is what nlohmann::basic_json requires of its ObjectType
// (the same as nlohmann::ordered_map's).
#pragma once

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace kf {

template <class Key, class T, class IgnoredLess = std::less<Key>,
          class IgnoredAllocator = std::allocator<std::pair<const Key, T>>>
struct JsonObjectMap : std::vector<std::pair<Key, T>> {
  using key_type = Key;
  using mapped_type = T;
  using Container = std::vector<std::pair<Key, T>>;
  using iterator = typename Container::iterator;
  using const_iterator = typename Container::const_iterator;
  using size_type = typename Container::size_type;
  using value_type = typename Container::value_type;
  using key_compare = std::less<>;

  JsonObjectMap() noexcept = default;
  template <class It>
  JsonObjectMap(It first, It last) {
    insert(first, last);
  }
  JsonObjectMap(std::initializer_list<value_type> init) { insert(init.begin(), init.end()); }

  // Inserts (key, t) unless key is present; the member and whether it was new.
  template <class K>
  std::pair<iterator, bool> emplace(K&& key, T&& t) {
    const std::string_view k = View(key);
    iterator it = LowerBound(k);
    if (it != this->end() && !Less(k, it->first)) return {it, false};
    return {Container::emplace(it, std::forward<K>(key), std::forward<T>(t)), true};
  }

  template <class K>
  T& operator[](K&& key) {
    return emplace(std::forward<K>(key), T{}).first->second;
  }
  template <class K>
  const T& operator[](const K& key) const {
    return at(key);
  }
  template <class K>
  T& at(const K& key) {
    iterator it = find(key);
    if (it == this->end()) throw std::out_of_range("key not found");
    return it->second;
  }
  template <class K>
  const T& at(const K& key) const {
    const_iterator it = find(key);
    if (it == this->end()) throw std::out_of_range("key not found");
    return it->second;
  }

  template <class K>
  iterator find(const K& key) {
    const std::string_view k = View(key);
    iterator it = LowerBound(k);
    return it != this->end() && !Less(k, it->first) ? it : this->end();
  }
  template <class K>
  const_iterator find(const K& key) const {
    const std::string_view k = View(key);
    const_iterator it = LowerBound(k);
    return it != this->end() && !Less(k, it->first) ? it : this->end();
  }
  template <class K>
  size_type count(const K& key) const {
    return find(key) == this->end() ? 0 : 1;
  }
  template <class K>
  bool contains(const K& key) const {
    return find(key) != this->end();
  }

  iterator erase(iterator pos) { return Container::erase(pos); }
  iterator erase(iterator first, iterator last) { return Container::erase(first, last); }
  template <class K, typename = std::enable_if_t<!std::is_convertible_v<const K&, const_iterator> &&
                                                 !std::is_convertible_v<const K&, iterator>>>
  size_type erase(const K& key) {
    iterator it = find(key);
    if (it == this->end()) return 0;
    Container::erase(it);
    return 1;
  }

  // Pairs whose key is already present are skipped, as std::map::insert does.
  template <typename InputIt>
  void insert(InputIt first, InputIt last) {
    for (; first != last; ++first) emplace(first->first, T(first->second));
  }
  std::pair<iterator, bool> insert(const value_type& v) { return emplace(v.first, T(v.second)); }
  std::pair<iterator, bool> insert(value_type&& v) { return emplace(std::move(v.first), std::move(v.second)); }

 private:
  // std::string's order (bytes compared as unsigned char), deciding on the
  // first byte inline: most keys of one object differ there, and the
  // comparison then needs no call into memcmp.
  static bool Less(std::string_view a, std::string_view b) {
    if (!a.empty() && !b.empty() && a[0] != b[0]) {
      return static_cast<unsigned char>(a[0]) < static_cast<unsigned char>(b[0]);
    }
    return a < b;
  }
  // The key as a view, made once per lookup (a const char* key is measured
  // once, not at every comparison).
  template <class K>
  static std::string_view View(const K& key) {
    return std::string_view(key);
  }
  iterator LowerBound(std::string_view k) {
    return std::lower_bound(this->begin(), this->end(), k,
                            [](const value_type& v, std::string_view x) { return Less(v.first, x); });
  }
  const_iterator LowerBound(std::string_view k) const {
    return std::lower_bound(this->begin(), this->end(), k,
                            [](const value_type& v, std::string_view x) { return Less(v.first, x); });
  }
};

}  // namespace kf
