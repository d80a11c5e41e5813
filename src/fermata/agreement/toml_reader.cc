#include "fermata/agreement/toml_reader.h"

#include <cstdio>
#include <cstdlib>

namespace fermata::agreement_internal {
namespace {

std::string join_path(std::string_view prefix, std::string_view key) {
  return prefix.empty() ? std::string(key) : std::string(prefix) + "." + std::string(key);
}

// "25" of "25%" as a fraction: exact, Decimal keeps 12 places.
Result<Decimal> parse_percent(std::string_view digits) {
  FERMATA_ASSIGN_OR_RETURN(Decimal value, Decimal::parse(digits));
  if (value.raw() % 100 != 0) {
    return make_error(ErrorCode::kFieldInvalid, "has more than 10 decimal places of a percent");
  }
  return Decimal::from_raw(value.raw() / 100);
}

}  // namespace

Error TomlReader::error(ErrorCode code, std::string_view key, std::string message,
                        std::string_view value) const {
  const toml::node* node = table_.get(key);
  const auto line =
      static_cast<std::int64_t>(node ? node->source().begin.line : table_.source().begin.line);
  return make_error(code, std::move(message),
                    SourceRef{file_, line, join_path(path_, key), std::string(value)});
}

bool TomlReader::has(std::string_view key) {
  used_.insert(std::string(key));
  return table_.contains(key);
}

Result<std::string> TomlReader::text(std::string_view key, bool required) {
  if (!has(key)) {
    if (required) return error(ErrorCode::kFieldMissing, key, "is required");
    return std::string();
  }
  if (auto value = table_.get(key)->value<std::string>()) return *value;
  return error(ErrorCode::kFieldInvalid, key, "must be text (in quotes)");
}

Result<std::string> TomlReader::date(std::string_view key, bool required) {
  if (!has(key)) {
    if (required) return error(ErrorCode::kFieldMissing, key, "is required");
    return std::string();
  }
  const toml::node& node = *table_.get(key);
  if (const auto* d = node.as_date()) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", static_cast<int>(d->get().year),
                  static_cast<int>(d->get().month), static_cast<int>(d->get().day));
    return std::string(buffer);
  }
  if (auto value = node.value<std::string>()) return *value;
  return error(ErrorCode::kDateInvalid, key, "must be a date (2026-01-31)");
}

Result<std::int64_t> TomlReader::integer(std::string_view key, bool required,
                                         std::int64_t fallback) {
  if (!has(key)) {
    if (required) return error(ErrorCode::kFieldMissing, key, "is required");
    return fallback;
  }
  if (const auto* i = table_.get(key)->as_integer()) return i->get();
  return error(ErrorCode::kFieldInvalid, key, "must be a whole number");
}

Result<bool> TomlReader::boolean(std::string_view key, bool fallback) {
  if (!has(key)) return fallback;
  if (const auto* b = table_.get(key)->as_boolean()) return b->get();
  return error(ErrorCode::kFieldInvalid, key, "must be true or false");
}

Result<Decimal> TomlReader::decimal(std::string_view key, bool required, bool percent) {
  if (!has(key)) {
    if (required) return error(ErrorCode::kFieldMissing, key, "is required");
    return Decimal();
  }
  const toml::node& node = *table_.get(key);
  if (node.is_floating_point()) {
    return error(ErrorCode::kFieldInvalid, key,
                 std::string("write it as text (") + (percent ? "\"25%\"" : "\"5000.00\"") +
                     "): a TOML number with a fraction is binary floating point, not exact");
  }
  if (percent && node.is_integer()) {
    return error(ErrorCode::kFieldInvalid, key, "write a rate as text (\"25%\" or \"0.25\")");
  }
  if (const auto* i = node.as_integer()) return Decimal::from_units(i->get());
  auto value = node.value<std::string>();
  if (!value) return error(ErrorCode::kFieldInvalid, key, "must be a number written as text");
  std::string_view digits = *value;
  const bool has_percent = !digits.empty() && digits.back() == '%';
  if (has_percent && !percent) {
    return error(ErrorCode::kFieldInvalid, key, "is an amount, not a percentage", *value);
  }
  if (has_percent) digits.remove_suffix(1);
  Result<Decimal> parsed = has_percent ? parse_percent(digits) : Decimal::parse(digits);
  if (!parsed) return error(ErrorCode::kFieldInvalid, key, parsed.error().message, *value);
  return *parsed;
}

Result<std::vector<std::string>> TomlReader::texts(std::string_view key) {
  std::vector<std::string> out;
  if (!has(key)) return out;
  const toml::array* array = table_.get(key)->as_array();
  if (array == nullptr) return error(ErrorCode::kFieldInvalid, key, "must be a list of text");
  for (const toml::node& item : *array) {
    auto value = item.value<std::string>();
    if (!value) return error(ErrorCode::kFieldInvalid, key, "must be a list of text");
    out.push_back(*value);
  }
  return out;
}

Result<std::vector<Decimal>> TomlReader::percents(std::string_view key) {
  FERMATA_ASSIGN_OR_RETURN(std::vector<std::string> items, texts(key));
  std::vector<Decimal> out;
  for (const std::string& item : items) {
    std::string_view digits = item;
    if (digits.empty() || digits.back() != '%') {
      return error(ErrorCode::kFieldInvalid, key, "lists percentages (\"50%\")", item);
    }
    digits.remove_suffix(1);
    Result<Decimal> parsed = parse_percent(digits);
    if (!parsed) return error(ErrorCode::kFieldInvalid, key, parsed.error().message, item);
    out.push_back(*parsed);
  }
  return out;
}

Result<std::optional<TomlReader>> TomlReader::table(std::string_view key) {
  if (!has(key)) return std::optional<TomlReader>();
  const toml::table* sub = table_.get(key)->as_table();
  if (sub == nullptr) return error(ErrorCode::kFieldInvalid, key, "must be a table");
  return std::optional<TomlReader>(TomlReader(*sub, join_path(path_, key), file_, format_));
}

Result<std::vector<TomlReader>> TomlReader::tables(std::string_view key) {
  std::vector<TomlReader> out;
  if (!has(key)) return out;
  const std::string shape = "must be [[" + std::string(key) + "]] entries";
  const toml::array* array = table_.get(key)->as_array();
  if (array == nullptr) return error(ErrorCode::kFieldInvalid, key, shape);
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::table* entry = (*array)[i].as_table();
    if (entry == nullptr) return error(ErrorCode::kFieldInvalid, key, shape);
    out.emplace_back(*entry, join_path(path_, key) + "[" + std::to_string(i + 1) + "]", file_,
                     format_);
  }
  return out;
}

Result<int> TomlReader::choice(std::string_view key, std::initializer_list<std::string_view> names,
                               int fallback) {
  FERMATA_ASSIGN_OR_RETURN(std::string value, text(key, false));
  if (value.empty()) return fallback;
  int index = 0;
  std::string list;
  for (std::string_view name : names) {
    if (name == value) return index;
    list += (index++ > 0 ? ", " : "") + std::string(name);
  }
  return error(ErrorCode::kFieldInvalid, key, "must be one of " + list, value);
}

Status TomlReader::finish() const {
  for (const auto& [key, node] : table_) {
    if (used_.contains(std::string(key.str()))) continue;
    return make_error(ErrorCode::kFieldInvalid,
                      "is not a key of the " + std::string(format_) + " format",
                      SourceRef{file_, static_cast<std::int64_t>(node.source().begin.line),
                                join_path(path_, key.str()), ""});
  }
  return ok_status();
}

Status TomlReader::format_version(std::string_view key, std::int64_t supported) {
  FERMATA_ASSIGN_OR_RETURN(std::int64_t format, integer(key, true, 0));
  if (format == supported) return ok_status();
  return error(ErrorCode::kFieldInvalid, key,
               "this Fermata reads format " + std::to_string(supported), std::to_string(format));
}

Status TomlReader::located(Status status) const {
  if (status) return status;
  Error e = status.error();
  e.where.file = file_;
  e.where.line_number = line_of(table_, e.where.field);
  return e;
}

// The line of the node at a key path such as "fee[2].rate" (1-based
// indices), or of its nearest present parent; 0 when none.
std::int64_t line_of(const toml::table& table, std::string_view path) {
  const toml::node* node = &table;
  std::int64_t line = 0;
  while (!path.empty() && node != nullptr) {
    const std::size_t dot = path.find('.');
    std::string_view part = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
    std::size_t index = 0;
    if (const std::size_t bracket = part.find('['); bracket != std::string_view::npos) {
      index = static_cast<std::size_t>(std::atoi(std::string(part.substr(bracket + 1)).c_str()));
      part = part.substr(0, bracket);
    }
    const toml::table* parent = node->as_table();
    node = parent != nullptr ? parent->get(part) : nullptr;
    if (node != nullptr && index > 0) {
      const toml::array* array = node->as_array();
      node = array != nullptr ? array->get(index - 1) : nullptr;
    }
    if (node != nullptr) line = static_cast<std::int64_t>(node->source().begin.line);
  }
  return line;
}

Result<toml::table> parse_toml(std::string_view text, const std::string& file) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return make_error(ErrorCode::kParseError, std::string(e.description()),
                      SourceRef{file, static_cast<std::int64_t>(e.source().begin.line), "", ""});
  }
}

}  // namespace fermata::agreement_internal
