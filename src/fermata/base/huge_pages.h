// Memory for large, randomly accessed tables, backed by transparent huge
// pages where the kernel offers them.
//
// A hash table of millions of slots touched at random costs a TLB miss on
// almost every access with 4 KiB pages; with 2 MiB pages the page walk
// mostly disappears. Measured on the streaming DSR reader's line-group
// tables (docs/BENCHMARKS.md §4). Small requests go to operator new; from
// kHugePageBytes up, memory is mapped aligned to 2 MiB and madvise()d
// MADV_HUGEPAGE (a hint: without THP it is ordinary memory).
//
// Thread safety: as operator new.
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace fermata {

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

// Zero-filled memory of `bytes` (>= kHugePageBytes) aligned to a huge page;
// throws std::bad_alloc when the mapping fails.
void* map_huge(std::size_t bytes);
// Releases memory from map_huge(bytes).
void unmap_huge(void* memory, std::size_t bytes) noexcept;

template <typename T>
struct HugePageAllocator {
  using value_type = T;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {
  }  // NOLINT: converting, as std::allocator.

  T* allocate(std::size_t n) {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kHugePageBytes) return std::allocator<T>().allocate(n);
    return static_cast<T*>(map_huge(bytes));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    const std::size_t bytes = n * sizeof(T);
    if (bytes < kHugePageBytes) return std::allocator<T>().deallocate(p, n);
    unmap_huge(p, bytes);
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

template <typename T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace fermata
