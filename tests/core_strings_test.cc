#include "engine/core/strings.h"

#include <gtest/gtest.h>

#include <climits>
#include <string>
#include <vector>

namespace kf {
namespace {

using Strings = std::vector<std::string>;

TEST(StringsTest, Split) {
  EXPECT_EQ(Split("a,b,c", ','), (Strings{"a", "b", "c"}));
  EXPECT_EQ(Split("a,,c,", ','), (Strings{"a", "", "c", ""}));
  EXPECT_EQ(Split("", ','), (Strings{""}));
  EXPECT_EQ(Split("abc", ','), (Strings{"abc"}));
}

TEST(StringsTest, Join) {
  EXPECT_EQ(Join({"a", "b", "c"}, ", "), "a, b, c");
  EXPECT_EQ(Join({}, ","), "");
  EXPECT_EQ(Join({"one"}, ","), "one");
  EXPECT_EQ(Join(Split("x.y.z", '.'), "."), "x.y.z");
}

TEST(StringsTest, Trim) {
  EXPECT_EQ(Trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim(" \n\t "), "");
  EXPECT_EQ(Trim("x"), "x");
}

TEST(StringsTest, PrefixSuffixLower) {
  EXPECT_TRUE(StartsWith("payment-service", "payment"));
  EXPECT_FALSE(StartsWith("pay", "payment"));
  EXPECT_TRUE(StartsWith("x", ""));
  EXPECT_TRUE(EndsWith("config.yaml", ".yaml"));
  EXPECT_FALSE(EndsWith("yaml", ".yaml"));
  EXPECT_EQ(ToLower("OOMKilled Pod-1"), "oomkilled pod-1");
}

TEST(StringsTest, WithThousands) {
  EXPECT_EQ(WithThousands(0), "0");
  EXPECT_EQ(WithThousands(999), "999");
  EXPECT_EQ(WithThousands(1000), "1,000");
  EXPECT_EQ(WithThousands(2400), "2,400");
  EXPECT_EQ(WithThousands(12345), "12,345");
  EXPECT_EQ(WithThousands(123456), "123,456");
  EXPECT_EQ(WithThousands(1234567), "1,234,567");
  EXPECT_EQ(WithThousands(-1234567), "-1,234,567");
  EXPECT_EQ(WithThousands(-12), "-12");
  EXPECT_EQ(WithThousands(INT64_MAX), "9,223,372,036,854,775,807");
  EXPECT_EQ(WithThousands(INT64_MIN), "-9,223,372,036,854,775,808");
}

TEST(StringsTest, StrFormat) {
  EXPECT_EQ(StrFormat("%s has %d restarts", "pod-1", 14), "pod-1 has 14 restarts");
  EXPECT_EQ(StrFormat("%s", ""), "");
  EXPECT_EQ(StrFormat("%.2f%%", 93.456), "93.46%");
  std::string big(5000, 'x');
  EXPECT_EQ(StrFormat("[%s]", big.c_str()), "[" + big + "]");
}

TEST(FormatTableTest, KubectlGetPods) {
  std::string got = FormatTable({
      {"NAME", "READY", "STATUS", "RESTARTS", "AGE"},
      {"payment-service-7d9f8b6c5-x2k4p", "0/1", "CrashLoopBackOff", "14 (2m ago)", "47m"},
      {"payment-service-7d9f8b6c5-q8w3n", "1/1", "Running", "0", "47m"},
  });
  EXPECT_EQ(got,
            "NAME                              READY   STATUS             RESTARTS      AGE\n"
            "payment-service-7d9f8b6c5-x2k4p   0/1     CrashLoopBackOff   14 (2m ago)   47m\n"
            "payment-service-7d9f8b6c5-q8w3n   1/1     Running            0             47m\n");
}

TEST(FormatTableTest, MinWidthSix) {
  EXPECT_EQ(FormatTable({{"A", "B", "C"}, {"x", "y", "z"}}),
            "A     B     C\n"
            "x     y     z\n");
  // Width 3 + padding 3 == minwidth 6; width 4 gives 7.
  EXPECT_EQ(FormatTable({{"abc", "x"}}), "abc   x\n");
  EXPECT_EQ(FormatTable({{"abcd", "x"}}), "abcd   x\n");
}

TEST(FormatTableTest, NoTrailingSpaces) {
  EXPECT_EQ(FormatTable({{"NAME", "NOMINATED NODE"}, {"a", ""}, {"bb", "<none>"}}),
            "NAME   NOMINATED NODE\n"
            "a\n"
            "bb     <none>\n");
  EXPECT_EQ(FormatTable({{"a", "", ""}}), "a\n");
}

TEST(FormatTableTest, EmptyAndSingleColumn) {
  EXPECT_EQ(FormatTable({}), "");
  EXPECT_EQ(FormatTable({{"only"}, {"column"}}), "only\ncolumn\n");
  EXPECT_EQ(FormatTable({{}}), "\n");
}

TEST(FormatTableTest, Utf8CountsRunes) {
  EXPECT_EQ(FormatTable({{"µs", "x"}, {"abcd", "y"}}),
            "µs     x\n"
            "abcd   y\n");
}

TEST(FormatTableTest, RaggedRowsFollowTabwriterColumnBlocks) {
  // Go's tabwriter aligns a column only over consecutive lines that have
  // it; a short line ends the block.
  std::string got = FormatTable({
      {"Name:", "web"},
      {"Labels:", "app=web"},
      {"Events:"},
      {"Type", "Reason", "Message"},
      {"Warning", "OOMKilling", "Memory cgroup out of memory"},
  });
  EXPECT_EQ(got,
            "Name:     web\n"
            "Labels:   app=web\n"
            "Events:\n"
            "Type      Reason       Message\n"
            "Warning   OOMKilling   Memory cgroup out of memory\n");
}

}  // namespace
}  // namespace kf
