// The process allocator's one setting. kubeflight's executables link
// mimalloc (Debian's libmimalloc, which then serves malloc/free and
// new/delete for the whole process, the libraries' allocations included) and
// this object, which turns on its large OS pages: mimalloc asks the kernel
// for 2 MiB transparent huge pages (madvise) for the segments it maps.
//
// Why: a simulated cluster is millions of small JSON nodes. On the machines
// kubeflight runs on, first touching memory 4 KiB at a time (a page fault per
// page) and the TLB misses over a few hundred MB were most of the cost of
// building one (bench/sim_bench; docs/architecture.md, "Cost").
//
// Contract: MIMALLOC_LARGE_OS_PAGES in the environment wins (=0 turns the
// pages off); without it, large pages are on for every segment mapped after
// static initialisation. Where the kernel has transparent huge pages off,
// mimalloc falls back to ordinary pages. Sanitizer builds keep the C
// library's allocator and do not link this file.
#include <cstdlib>

#include <mimalloc.h>

namespace {

const bool kLargePagesSet = [] {
  if (std::getenv("MIMALLOC_LARGE_OS_PAGES") == nullptr) {
    mi_option_set(mi_option_large_os_pages, 1);
  }
  return true;
}();

}  // namespace
