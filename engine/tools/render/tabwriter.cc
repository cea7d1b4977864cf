#include "engine/tools/render/tabwriter.h"

#include <algorithm>

namespace kf::render {

namespace {
// Display width: UTF-8 code points, as Go's tabwriter counts runes.
size_t Width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> cells;
  size_t start = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\t') {
      cells.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  cells.push_back(line.substr(start));  // the trailing, unterminated cell
  return cells;
}
}  // namespace

void TabWriter::Write(const std::string& text) {
  partial_ += text;
  size_t pos;
  while ((pos = partial_.find('\n')) != std::string::npos) {
    lines_.push_back(Cells(partial_.substr(0, pos)));
    partial_.erase(0, pos + 1);
  }
}

void TabWriter::WriteLines(size_t line0, size_t line1, const std::vector<size_t>& widths) {
  for (size_t i = line0; i < line1; ++i) {
    const auto& line = lines_[i];
    for (size_t j = 0; j < line.size(); ++j) {
      out_ += line[j];
      if (j + 1 < line.size() && j < widths.size()) {
        size_t w = Width(line[j]);
        if (widths[j] > w) out_.append(widths[j] - w, ' ');
      }
    }
    out_ += '\n';
  }
}

// Go's Writer.format: recursively finds column blocks.
void TabWriter::Format(size_t line0, size_t line1, std::vector<size_t>* widths) {
  size_t column = widths->size();
  for (size_t cur = line0; cur < line1; ++cur) {
    if (column + 1 >= lines_[cur].size()) continue;
    WriteLines(line0, cur, *widths);
    line0 = cur;
    size_t width = static_cast<size_t>(minwidth_);
    for (; cur < line1; ++cur) {
      if (column + 1 >= lines_[cur].size()) break;
      width = std::max(width, Width(lines_[cur][column]) + static_cast<size_t>(padding_));
    }
    widths->push_back(width);
    Format(line0, cur, widths);
    widths->pop_back();
    line0 = cur;  // line `cur` has no cell in this column; the loop skips it
  }
  WriteLines(line0, line1, *widths);
}

void TabWriter::Flush() {
  std::vector<size_t> widths;
  if (!lines_.empty()) Format(0, lines_.size(), &widths);
  lines_.clear();
  if (!partial_.empty()) {
    out_ += partial_;
    partial_.clear();
  }
}

std::string TabWriter::Finish() {
  Flush();
  return out_;
}

}  // namespace kf::render
