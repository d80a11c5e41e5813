// parse_mapping: the `key = value` mapping file of mapped.h.
#include <array>
#include <map>
#include <optional>

#include "fermata/ingest/mapped/mapped.h"
#include "fermata/ingest/stores/store_fields.h"
#include "fermata/money/money.h"

namespace fermata {
namespace {

using Problem = std::optional<std::string>;  // A message when the value is bad.
using Setter = Problem (*)(Mapping&, std::string_view);

struct KeySpec {
  std::string_view key;
  Setter set;
};

Problem set_count(std::int64_t& out, std::string_view value, std::int64_t min) {
  if (value.empty() || value.size() > 6) return "expected a whole number";
  std::int64_t n = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return "expected a whole number";
    n = n * 10 + (c - '0');
  }
  if (n < min) return "must be at least " + std::to_string(min);
  out = n;
  return std::nullopt;
}

// `allowed` holds the accepted characters; names: "tab", "space", "none".
Problem set_char(char& out, std::string_view value, std::string_view allowed, bool none_ok) {
  char c = '\0';
  if (value == "tab") {
    c = '\t';
  } else if (value == "space") {
    c = ' ';
  } else if (value.size() == 1) {
    c = value[0];
  }
  if (none_ok && value == "none") {
    out = '\0';
    return std::nullopt;
  }
  if (c == '\0' || allowed.find(c) == std::string_view::npos) {
    std::string names;
    for (char a : allowed) {
      names += names.empty() ? "" : " ";
      names += a == '\t' ? "tab" : a == ' ' ? "space" : std::string(1, a);
    }
    return "expected one of: " + names + (none_ok ? " none" : "");
  }
  out = c;
  return std::nullopt;
}

// %d %m %Y %y %b and literals; a year and a month are required.
Problem check_date_format(std::string_view format) {
  bool year = false, month = false;
  for (size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') continue;
    const char c = i + 1 < format.size() ? format[++i] : '\0';
    if (c == 'Y' || c == 'y') {
      year = true;
    } else if (c == 'm' || c == 'b') {
      month = true;
    } else if (c != 'd' && c != '%') {
      return "unsupported directive; use %d %m %Y %y %b %%";
    }
  }
  if (!year || !month) return "a date format needs a year (%Y or %y) and a month (%m or %b)";
  return std::nullopt;
}

Problem set_channel(Mapping& m, std::string_view v) {
  constexpr std::array<std::pair<std::string_view, SalesChannel>, 5> kChannels = {{
      {"stream", SalesChannel::kStream},
      {"download", SalesChannel::kDownload},
      {"physical", SalesChannel::kPhysical},
      {"ugc", SalesChannel::kUgc},
      {"other", SalesChannel::kOther},
  }};
  for (const auto& [name, channel] : kChannels) {
    if (v == name) {
      m.channel = channel;
      return std::nullopt;
    }
  }
  return "expected stream, download, physical, ugc or other";
}

Problem set_returns(Mapping& m, std::string_view v) {
  if (v == "negative") {
    m.returns = ReturnsConvention::kNegative;
  } else if (v == "column") {
    m.returns = ReturnsConvention::kColumn;
  } else if (v == "flag") {
    m.returns = ReturnsConvention::kFlag;
  } else {
    return "expected negative, column or flag";
  }
  return std::nullopt;
}

Problem set_period(Mapping& m, std::string_view v) {
  stores::RowCheck check("", 0);
  m.period = check.month("period", v);
  return check.ok() ? Problem() : Problem("expected a month YYYY-MM");
}

Problem set_currency(Mapping& m, std::string_view v) {
  if (!lookup_currency(v)) return "not an ISO 4217 currency code";
  m.currency = std::string(v);
  return std::nullopt;
}

Problem set_territory(Mapping& m, std::string_view v) {
  stores::RowCheck check("", 0);
  m.territory = check.territory("territory", v);
  return check.ok() ? Problem() : Problem("not an ISO 3166-1 alpha-2 country code");
}

constexpr std::array<KeySpec, 20> kKeys = {{
    {"payer",
     [](Mapping& m, std::string_view v) {
       m.payer = v;
       return Problem();
     }},
    {"payer_name",
     [](Mapping& m, std::string_view v) {
       m.payer_name = v;
       return Problem();
     }},
    {"delimiter",
     [](Mapping& m, std::string_view v) { return set_char(m.delimiter, v, ",;\t|", false); }},
    {"quote",
     [](Mapping& m, std::string_view v) {
       if (v != "\"" && v != "none") return Problem("expected \" or none");
       m.quoted = v == "\"";
       return Problem();
     }},
    {"header_row", [](Mapping& m, std::string_view v) { return set_count(m.header_row, v, 1); }},
    {"footer_rows", [](Mapping& m, std::string_view v) { return set_count(m.footer_rows, v, 0); }},
    {"sheet",
     [](Mapping& m, std::string_view v) {
       m.sheet = v;
       return Problem();
     }},
    {"encoding",
     [](Mapping& m, std::string_view v) {
       m.encoding = v;
       return Problem();
     }},
    {"decimal_separator",
     [](Mapping& m, std::string_view v) { return set_char(m.decimal_separator, v, ".,", false); }},
    {"thousands_separator",
     [](Mapping& m, std::string_view v) {
       return set_char(m.thousands_separator, v, ",. '", true);
     }},
    {"date_format",
     [](Mapping& m, std::string_view v) {
       m.date_format = v;
       return check_date_format(v);
     }},
    {"period", set_period},
    {"channel", set_channel},
    {"currency", set_currency},
    {"store",
     [](Mapping& m, std::string_view v) {
       m.store = v;
       return Problem();
     }},
    {"territory", set_territory},
    {"returns", set_returns},
    {"return_flag_value",
     [](Mapping& m, std::string_view v) {
       m.return_flag_value = v;
       return Problem();
     }},
    {"column.upc",
     [](Mapping& m, std::string_view v) {
       m.columns.icpn = v;
       return Problem();
     }},
    {"column.icpn",
     [](Mapping& m, std::string_view v) {
       m.columns.icpn = v;
       return Problem();
     }},
}};

constexpr std::array<std::pair<std::string_view, std::string MappingColumns::*>, 14> kColumns = {{
    {"column.isrc", &MappingColumns::isrc},
    {"column.catalog_number", &MappingColumns::catalog_number},
    {"column.proprietary_id", &MappingColumns::proprietary_id},
    {"column.title", &MappingColumns::title},
    {"column.artist", &MappingColumns::artist},
    {"column.store", &MappingColumns::store},
    {"column.territory", &MappingColumns::territory},
    {"column.date", &MappingColumns::date},
    {"column.units", &MappingColumns::units},
    {"column.returns", &MappingColumns::returns},
    {"column.amount", &MappingColumns::amount},
    {"column.price", &MappingColumns::price},
    {"column.currency", &MappingColumns::currency},
    {"column.return_flag", &MappingColumns::return_flag},
}};

Error mapping_error(ErrorCode code, std::string_view file, std::int64_t line, std::string_view key,
                    std::string_view value, std::string message) {
  SourceRef where{std::string(file), line, std::string(key), std::string(value)};
  return make_error(code, std::move(message), std::move(where));
}

// A key's value, or a parse error when the key is unknown.
Problem apply(Mapping& mapping, std::string_view key, std::string_view value, bool& known) {
  known = true;
  for (const KeySpec& spec : kKeys) {
    if (spec.key == key) return spec.set(mapping, value);
  }
  for (const auto& [name, member] : kColumns) {
    if (name == key) {
      mapping.columns.*member = std::string(value);
      return std::nullopt;
    }
  }
  known = false;
  return "unknown key";
}

// Keys that only make sense together; `lines` gives where each key was set.
Status cross_check(const Mapping& m,
                   const std::map<std::string, std::int64_t, std::less<>>& lines) {
  auto line_of = [&](std::string_view key) {
    auto it = lines.find(key);
    return it == lines.end() ? std::int64_t{0} : it->second;
  };
  auto missing = [&](std::string_view key, std::string_view needed_by, std::string message) {
    return mapping_error(ErrorCode::kFieldMissing, m.file_name, line_of(needed_by), key, "",
                         std::move(message));
  };
  const MappingColumns& c = m.columns;
  if (m.payer.empty()) return missing("payer", "", "a mapping must name the payer");
  if (c.amount.empty() == c.price.empty()) {
    return missing("column.amount", "column.price",
                   "map exactly one of column.amount and column.price");
  }
  if (!c.price.empty() && c.units.empty()) {
    return missing("column.units", "column.price", "column.price needs column.units");
  }
  if (c.currency.empty() == m.currency.empty()) {
    return missing("currency", "column.currency",
                   "give exactly one of currency and column.currency");
  }
  if (c.date.empty() && m.period.empty()) {
    return missing("column.date", "", "map column.date or give a fixed period");
  }
  if (m.returns == ReturnsConvention::kColumn && c.returns.empty()) {
    return missing("column.returns", "returns", "returns = column needs column.returns");
  }
  if (m.returns == ReturnsConvention::kFlag &&
      (c.return_flag.empty() || m.return_flag_value.empty())) {
    return missing("column.return_flag", "returns",
                   "returns = flag needs column.return_flag and return_flag_value");
  }
  if (m.decimal_separator == m.thousands_separator) {
    return mapping_error(ErrorCode::kFieldInvalid, m.file_name, line_of("thousands_separator"),
                         "thousands_separator", std::string(1, m.thousands_separator),
                         "the thousands separator must differ from the decimal separator");
  }
  return ok_status();
}

}  // namespace

Result<Mapping> parse_mapping(std::string_view text, std::string_view file_name) {
  Mapping mapping;
  mapping.file_name = std::string(file_name);
  std::map<std::string, std::int64_t, std::less<>> lines;
  std::int64_t line_number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (line_number == 0 && raw.starts_with("\xEF\xBB\xBF")) raw.remove_prefix(3);
    pos = end + 1;
    ++line_number;
    const stores::SourceRow row{line_number, {}, std::string(raw)};
    const std::string_view line = stores::trim(row.raw);
    if (line.empty() || line.starts_with('#')) continue;
    const size_t equals = line.find('=');
    if (equals == std::string_view::npos) {
      return mapping_error(ErrorCode::kParseError, file_name, row.line_number, "", line,
                           "expected key = value");
    }
    const std::string key(stores::trim(line.substr(0, equals)));
    const std::string_view value = stores::trim(line.substr(equals + 1));
    if (!lines.emplace(key, row.line_number).second) {
      return mapping_error(ErrorCode::kParseError, file_name, row.line_number, key, value,
                           "key given twice (first on line " + std::to_string(lines[key]) + ")");
    }
    bool known = false;
    if (Problem problem = apply(mapping, key, value, known)) {
      return mapping_error(known ? ErrorCode::kFieldInvalid : ErrorCode::kParseError, file_name,
                           row.line_number, key, value, *problem);
    }
  }
  if (mapping.payer_name.empty()) mapping.payer_name = mapping.payer;
  FERMATA_RETURN_IF_ERROR(cross_check(mapping, lines));
  return mapping;
}

}  // namespace fermata
