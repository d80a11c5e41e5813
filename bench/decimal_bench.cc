// Decimal arithmetic against raw __int128 baselines.
//
// Each benchmark walks an array of varied operands so the compiler cannot
// constant-fold the work; the decimal forms include their overflow checks and
// rounding, the baselines do not, which is the cost being measured.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "fermata/money/money.h"

namespace fermata {
namespace {

constexpr std::size_t kCount = 1024;  // A power of two: the index wraps with a mask.

// Deterministic pseudo-random values (splitmix64), never floating point.
std::uint64_t next(std::uint64_t* state) {
  std::uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Amounts up to 10^6 units with 12 fractional digits and rates below 1: the royalty hot path
// (plays or revenue times a per-play rate), with mixed signs.
std::vector<Int128> amounts(std::uint64_t seed) {
  std::vector<Int128> out(kCount);
  for (Int128& v : out) {
    const auto magnitude = static_cast<Int128>(next(&seed) % 1'000'000'000'000'000'000ULL);
    v = (next(&seed) & 1) != 0 ? -magnitude : magnitude;
  }
  return out;
}

std::vector<Int128> rates(std::uint64_t seed) {
  std::vector<Int128> out(kCount);
  for (Int128& v : out) v = static_cast<Int128>(next(&seed) % 1'000'000'000'000ULL);
  return out;
}

void bm_int128_add(benchmark::State& state) {
  const std::vector<Int128> a = amounts(1), b = amounts(2);
  std::size_t i = 0;
  for (auto _ : state) {
    Int128 sum = a[i] + b[i];
    benchmark::DoNotOptimize(sum);
    i = (i + 1) & (kCount - 1);
  }
}
BENCHMARK(bm_int128_add);

void bm_decimal_checked_add(benchmark::State& state) {
  const std::vector<Int128> a = amounts(1), b = amounts(2);
  std::size_t i = 0;
  for (auto _ : state) {
    Result<Decimal> sum = Decimal::from_raw(a[i]).checked_add(Decimal::from_raw(b[i]));
    benchmark::DoNotOptimize(sum);
    i = (i + 1) & (kCount - 1);
  }
}
BENCHMARK(bm_decimal_checked_add);

void bm_decimal_operator_add(benchmark::State& state) {
  const std::vector<Int128> a = amounts(1), b = amounts(2);
  std::size_t i = 0;
  for (auto _ : state) {
    Decimal sum = Decimal::from_raw(a[i]) + Decimal::from_raw(b[i]);
    benchmark::DoNotOptimize(sum);
    i = (i + 1) & (kCount - 1);
  }
}
BENCHMARK(bm_decimal_operator_add);

// The baseline for CheckedMul: multiply, then divide by 10^12 with remainder
// (truncating, no rounding, no overflow check).
void bm_int128_mul_div(benchmark::State& state) {
  const std::vector<Int128> a = amounts(3), b = rates(4);
  std::size_t i = 0;
  for (auto _ : state) {
    const Int128 product = a[i] * b[i];
    Int128 quotient = product / Decimal::kOne;
    Int128 remainder = product % Decimal::kOne;
    benchmark::DoNotOptimize(quotient);
    benchmark::DoNotOptimize(remainder);
    i = (i + 1) & (kCount - 1);
  }
}
BENCHMARK(bm_int128_mul_div);

void bm_decimal_checked_mul(benchmark::State& state) {
  const std::vector<Int128> a = amounts(3), b = rates(4);
  std::size_t i = 0;
  for (auto _ : state) {
    Result<Decimal> product = Decimal::from_raw(a[i]).checked_mul(Decimal::from_raw(b[i]));
    benchmark::DoNotOptimize(product);
    i = (i + 1) & (kCount - 1);
  }
}
BENCHMARK(bm_decimal_checked_mul);

// Operands whose product exceeds 128 bits: the 256-bit path, for reference.
void bm_decimal_checked_mul_wide(benchmark::State& state) {
  std::vector<Int128> a = amounts(5), b = amounts(6);
  for (Int128& v : a) v *= 1'000'000;  // Up to ~10^12 units.
  std::size_t i = 0;
  for (auto _ : state) {
    Result<Decimal> product = Decimal::from_raw(a[i]).checked_mul(Decimal::from_raw(b[i]));
    benchmark::DoNotOptimize(product);
    i = (i + 1) & (kCount - 1);
  }
}
BENCHMARK(bm_decimal_checked_mul_wide);

void bm_decimal_checked_div(benchmark::State& state) {
  const std::vector<Int128> a = amounts(7), b = rates(8);
  std::size_t i = 0;
  for (auto _ : state) {
    Result<Decimal> quotient =
        Decimal::from_raw(a[i]).checked_div(Decimal::from_raw(b[i] == 0 ? 1 : b[i]));
    benchmark::DoNotOptimize(quotient);
    i = (i + 1) & (kCount - 1);
  }
}
BENCHMARK(bm_decimal_checked_div);

}  // namespace
}  // namespace fermata

BENCHMARK_MAIN();
