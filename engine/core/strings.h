// Small string helpers used across modules.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kf {

// Every field, empty ones included (as Go's strings.Split): Split("", ',')
// is {""}, Split("a,", ',') is {"a", ""}.
std::vector<std::string> Split(std::string_view s, char sep);
std::string Join(const std::vector<std::string>& parts, std::string_view sep);
std::string Trim(std::string_view s);
bool StartsWith(std::string_view s, std::string_view prefix);
bool EndsWith(std::string_view s, std::string_view suffix);
std::string ToLower(std::string_view s);
// Lays rows out as kubectl's tabwriter does (minwidth 6, padding 3): each
// column but the last is max(6, widest cell + 3) wide; no trailing spaces.
// Every row ends in "\n". Widths count UTF-8 code points. Rows may differ in
// length: as in Go's text/tabwriter, a column is aligned over consecutive
// rows that have a cell after it.
std::string FormatTable(const std::vector<std::vector<std::string>>& rows);
// "2,400" for 2400, "-1,000" for -1000.
std::string WithThousands(int64_t v);
// printf into a std::string.
std::string StrFormat(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

}  // namespace kf
