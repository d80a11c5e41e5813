// Allocate: largest-remainder split of a total by shares, exact to the unit.
#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

#include "fermata/base/assert.h"
#include "fermata/money/money.h"
#include "fermata/money/wide_math.h"

namespace fermata {
namespace {

using internal::UInt256;

struct Slot {
  std::size_t index;
  UInt128 share;
  UInt256 remainder;  // Of total_units * share / sum; comparable across slots.
};

// Validates the shares and returns their exact sum, which may exceed 128 bits.
Result<UInt256> sum_shares(std::span<const Decimal> shares) {
  if (shares.empty()) return make_error(ErrorCode::kFieldInvalid, "allocation without shares");
  UInt256 sum;
  for (const Decimal share : shares) {
    if (share.is_negative()) {
      return make_error(ErrorCode::kFieldInvalid,
                        "allocation share is negative: " + share.to_string());
    }
    sum = internal::add_wide(sum, UInt256{0, static_cast<UInt128>(share.raw())});
  }
  if (sum == UInt256{})
    return make_error(ErrorCode::kFieldInvalid, "allocation shares are all zero");
  return sum;
}

}  // namespace

Result<std::vector<Decimal>> allocate(Decimal total, std::span<const Decimal> shares, int places) {
  FERMATA_ASSERT(places >= 0 && places <= Decimal::kScale);
  FERMATA_ASSIGN_OR_RETURN(const UInt256 sum, sum_shares(shares));
  // Work in whole units of 10^-places on the magnitude; the sign is applied at
  // the end, so a negative total is the mirror image of a positive one.
  const UInt128 unit = internal::power_of_ten(Decimal::kScale - places);
  const UInt128 magnitude = internal::magnitude(total.raw());
  if (magnitude % unit != 0) {
    return make_error(ErrorCode::kDecimalTooPrecise,
                      "allocation total " + total.to_string() + " is finer than " +
                          std::to_string(places) + " decimal places");
  }
  const UInt128 total_units = magnitude / unit;
  std::vector<UInt128> units(shares.size());
  std::vector<Slot> slots;
  slots.reserve(shares.size());
  UInt128 assigned = 0;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    const auto share = static_cast<UInt128>(shares[i].raw());
    const internal::DivModWideResult qr =
        internal::div_mod_wide(internal::mul_wide(total_units, share), sum);
    // share <= sum, so the quotient is at most total_units.
    units[i] = qr.quotient.lo;
    assigned += units[i];
    slots.push_back(Slot{i, share, qr.remainder});
  }
  // Each truncation loses less than one unit, so fewer than n units remain.
  const auto leftover = static_cast<std::size_t>(total_units - assigned);
  FERMATA_ASSERT(leftover < shares.size());
  const auto first = slots.begin() + static_cast<std::ptrdiff_t>(leftover);
  std::partial_sort(slots.begin(), first, slots.end(), [](const Slot& a, const Slot& b) {
    if (a.remainder != b.remainder) return a.remainder > b.remainder;
    if (a.share != b.share) return a.share > b.share;
    return a.index < b.index;
  });
  for (auto it = slots.begin(); it != first; ++it) ++units[it->index];
  std::vector<Decimal> parts;
  parts.reserve(shares.size());
  for (const UInt128 part_units : units) {
    Int128 raw;
    // |part| <= |total|, so it always fits.
    FERMATA_ASSERT(internal::signed_from_magnitude(part_units * unit, total.is_negative(), &raw));
    parts.push_back(Decimal::from_raw(raw));
  }
  return parts;
}

}  // namespace fermata
