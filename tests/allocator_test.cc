// The executables' allocator (engine/allocator/large_pages.cc): mimalloc
// serves every allocation of the process, with 2 MiB pages unless the
// environment says otherwise. Sanitizer builds keep glibc's allocator.
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/testing/proc_field.h"

#if KF_MIMALLOC
#include <mimalloc.h>
#endif

namespace {

#if KF_MIMALLOC

TEST(Allocator, MallocNewAndLibrariesAllocateFromMimalloc) {
  void* p = std::malloc(100);
  auto s = std::make_unique<std::string>(1000, 'x');
  char* dup = strdup("allocated inside the C library");
  EXPECT_TRUE(mi_is_in_heap_region(p));
  EXPECT_TRUE(mi_is_in_heap_region(s.get()));
  EXPECT_TRUE(mi_is_in_heap_region(s->data()));
  EXPECT_TRUE(mi_is_in_heap_region(dup));
  std::free(dup);
  std::free(p);
}

TEST(Allocator, LargePagesAreOnUnlessTheEnvironmentSaysOtherwise) {
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") != nullptr) {
    GTEST_SKIP() << "MIMALLOC_LARGE_OS_PAGES is set; it decides";
  }
  EXPECT_TRUE(mi_option_is_enabled(mi_option_large_os_pages));
}

// kB of anonymous memory the kernel backs with huge pages in this process.
long AnonHugePagesKb() { return kf::testing::ProcFieldKb("/proc/self/smaps_rollup", "AnonHugePages"); }

TEST(Allocator, SmallObjectsLandOnHugePagesWhereTheKernelOffersThem) {
  std::ifstream thp("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string mode;
  std::getline(thp, mode);
  if (mode.empty() || mode.find("[never]") != std::string::npos) {
    GTEST_SKIP() << "transparent huge pages are off on this machine";
  }
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") != nullptr) {
    GTEST_SKIP() << "MIMALLOC_LARGE_OS_PAGES is set; it decides";
  }
  const long before = AnonHugePagesKb();
  ASSERT_GE(before, 0) << "no /proc/self/smaps_rollup";
  // 64 MiB in the simulator's kind of objects: many small ones, touched.
  std::vector<std::unique_ptr<char[]>> objects;
  for (int i = 0; i < (64 << 20) / 256; ++i) {
    objects.emplace_back(new char[256]);
    std::memset(objects.back().get(), i, 256);
  }
  EXPECT_GE(AnonHugePagesKb() - before, 16 << 10) << "kB more on huge pages after touching 64 MiB";
}

#else

TEST(Allocator, SanitizerBuildsKeepTheCLibrarysAllocator) {
  GTEST_SKIP() << "built with KF_SANITIZE or KF_MIMALLOC=OFF: no mimalloc to test";
}

#endif

}  // namespace
