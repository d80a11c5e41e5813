// xs:duration to whole seconds. ERN writes track lengths as PT0H8M10S or
// PT3M20.5S; the catalog stores whole seconds. Fractions round half up
// (20.5 s -> 21 s) because that is what a listener sees on a player and it
// keeps a 0.5 s jingle from becoming 0 s. Years and months are refused: their
// length in seconds is not fixed. Integers only, no floating point.
#include <cstdint>
#include <optional>
#include <string_view>

#include "fermata/ingest/ern/ern.h"

namespace fermata {
namespace {

constexpr std::size_t kMaxDigits = 12;  // Keeps d * 86400 far from int64 overflow.
constexpr std::size_t kMaxFractionDigits = 9;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Reads digits at `pos`; nullopt when there are none or too many.
std::optional<std::int64_t> read_number(std::string_view text, std::size_t& pos) {
  const std::size_t start = pos;
  std::int64_t value = 0;
  while (pos < text.size() && is_digit(text[pos])) value = value * 10 + (text[pos++] - '0');
  if (pos == start || pos - start > kMaxDigits) return std::nullopt;
  return value;
}

// Reads ".fff" at `pos` (if any) and returns 1 when it rounds the seconds up.
std::optional<std::int64_t> read_fraction(std::string_view text, std::size_t& pos) {
  if (pos >= text.size() || text[pos] != '.') return 0;
  const std::size_t start = ++pos;
  while (pos < text.size() && is_digit(text[pos])) ++pos;
  if (pos == start || pos - start > kMaxFractionDigits) return std::nullopt;
  return text[start] >= '5' ? 1 : 0;
}

}  // namespace

std::optional<std::int64_t> parse_ern_duration_seconds(std::string_view text) {
  if (text.size() < 3 || text[0] != 'P') return std::nullopt;
  std::size_t pos = 1;
  std::int64_t total = 0;
  bool any = false;
  if (pos < text.size() && text[pos] != 'T') {
    const std::optional<std::int64_t> days = read_number(text, pos);
    if (!days || pos >= text.size() || text[pos] != 'D') return std::nullopt;
    total += *days * 86400;
    ++pos;
    any = true;
  }
  if (pos == text.size()) return any ? std::optional<std::int64_t>(total) : std::nullopt;
  if (text[pos] != 'T') return std::nullopt;
  ++pos;
  constexpr std::string_view kUnits = "HMS";
  constexpr std::int64_t kSeconds[] = {3600, 60, 1};
  std::size_t next_unit = 0;
  bool any_time = false;
  while (pos < text.size()) {
    const std::optional<std::int64_t> number = read_number(text, pos);
    if (!number) return std::nullopt;
    const bool has_fraction = pos < text.size() && text[pos] == '.';
    const std::optional<std::int64_t> round_up = read_fraction(text, pos);
    if (!round_up || pos >= text.size()) return std::nullopt;
    const std::size_t unit = kUnits.find(text[pos], next_unit);
    if (unit == std::string_view::npos) return std::nullopt;
    // Only seconds may carry a fraction in xs:duration.
    if (has_fraction && kUnits[unit] != 'S') return std::nullopt;
    total += *number * kSeconds[unit] + *round_up;
    next_unit = unit + 1;
    any_time = true;
    ++pos;
  }
  if (!any_time) return std::nullopt;
  return total;
}

}  // namespace fermata
