#include "engine/core/strings.h"

#include <algorithm>
#include <cstdarg>
#include <cstdint>
#include <cstdio>

namespace kf {

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t i = s.find(sep, start);
    if (i == std::string_view::npos) {
      out.emplace_back(s.substr(start));
      return out;
    }
    out.emplace_back(s.substr(start, i - start));
    start = i + 1;
  }
}

std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.append(sep);
    out.append(parts[i]);
  }
  return out;
}

namespace {
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Display width as Go's tabwriter counts it: UTF-8 code points.
size_t RuneCount(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

constexpr size_t kMinWidth = 6;
constexpr size_t kPadding = 3;

// Go text/tabwriter's column-block algorithm. A row's cells but the last are
// tab-terminated, so row r has column c when c + 1 < rows[r].size().
class TabWriter {
 public:
  explicit TabWriter(const std::vector<std::vector<std::string>>& rows) : rows_(rows) {}

  std::string Run() {
    Format(0, rows_.size());
    return std::move(out_);
  }

 private:
  bool HasColumn(size_t row, size_t column) const { return column + 1 < rows_[row].size(); }

  void Format(size_t line0, size_t line1) {
    size_t column = widths_.size();
    for (size_t cur = line0; cur < line1; ++cur) {
      if (!HasColumn(cur, column)) continue;
      WriteLines(line0, cur);
      line0 = cur;
      size_t width = kMinWidth;
      for (; cur < line1 && HasColumn(cur, column); ++cur) {
        width = std::max(width, RuneCount(rows_[cur][column]) + kPadding);
      }
      widths_.push_back(width);
      Format(line0, cur);
      widths_.pop_back();
      line0 = cur;
      if (cur == line1) break;
    }
    WriteLines(line0, line1);
  }

  void WriteLines(size_t line0, size_t line1) {
    for (size_t r = line0; r < line1; ++r) {
      std::string line;
      const auto& cells = rows_[r];
      for (size_t j = 0; j < cells.size(); ++j) {
        line += cells[j];
        if (j < widths_.size() && j + 1 < cells.size()) {
          size_t w = RuneCount(cells[j]);
          if (w < widths_[j]) line.append(widths_[j] - w, ' ');
        }
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out_ += line;
      out_ += '\n';
    }
  }

  const std::vector<std::vector<std::string>>& rows_;
  std::vector<size_t> widths_;
  std::string out_;
};
}  // namespace

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsSpace(s[b])) ++b;
  while (e > b && IsSpace(s[e - 1])) --e;
  return std::string(s.substr(b, e - b));
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.starts_with(prefix); }
bool EndsWith(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string FormatTable(const std::vector<std::vector<std::string>>& rows) {
  return TabWriter(rows).Run();
}

std::string WithThousands(int64_t v) {
  uint64_t mag = v < 0 ? ~static_cast<uint64_t>(v) + 1 : static_cast<uint64_t>(v);
  std::string digits = std::to_string(mag);
  std::string out;
  size_t lead = digits.size() % 3;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && i >= lead && (i - lead) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

std::string StrFormat(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  va_list ap2;
  va_copy(ap2, ap);
  int n = std::vsnprintf(nullptr, 0, fmt, ap);
  va_end(ap);
  std::string out;
  if (n > 0) {
    out.resize(static_cast<size_t>(n) + 1);
    std::vsnprintf(out.data(), out.size(), fmt, ap2);
    out.resize(static_cast<size_t>(n));
  }
  va_end(ap2);
  return out;
}

}  // namespace kf
