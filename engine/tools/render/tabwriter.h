// Go's text/tabwriter (no flags), as kubectl uses it: cells are terminated by
// '\t'; a column block is a run of consecutive lines that have a cell in that
// column; each cell of a block is padded to max(minwidth, widest + padding).
// The last cell of a line is not part of any column. Flush() ends all blocks.
//
// describe uses TabWriter(0, 2) (kubectl's tabbedString); get and top use
// TabWriter(6, 3) (printers.GetNewTabWriter).
#pragma once

#include <string>
#include <vector>

namespace kf::render {

class TabWriter {
 public:
  TabWriter(int minwidth, int padding) : minwidth_(minwidth), padding_(padding) {}

  // Appends text; lines end at '\n'.
  void Write(const std::string& text);
  // As kubectl's PrefixWriter: two spaces per level, then the text.
  void Write(int level, const std::string& text) { Write(std::string(2 * level, ' ') + text); }
  // Formats everything buffered so far (Go's Writer.Flush).
  void Flush();
  // Flushes and returns the whole output.
  std::string Finish();

 private:
  void Format(size_t line0, size_t line1, std::vector<size_t>* widths);
  void WriteLines(size_t line0, size_t line1, const std::vector<size_t>& widths);

  int minwidth_, padding_;
  std::vector<std::vector<std::string>> lines_;  // complete lines, split into cells
  std::string partial_;                          // text after the last '\n'
  std::string out_;
};

}  // namespace kf::render
