#include "fermata/ingest/mapped/xlsx.h"

#include <zip.h>

#include <algorithm>
#include <memory>
#include <pugixml.hpp>

#include "fermata/ingest/stores/store_fields.h"

namespace fermata {
namespace {

constexpr zip_uint64_t kPartBytesMax = zip_uint64_t{64} << 20;
constexpr std::int64_t kColumnsMax = 16384;
constexpr std::int64_t kRowsMax = 1048576;

Error xlsx_error(std::string_view file_name, std::string message, std::int64_t line = 0,
                 std::string field = "") {
  SourceRef where;
  where.file = std::string(file_name);
  where.line_number = line;
  where.field = std::move(field);
  return make_error(ErrorCode::kParseError, std::move(message), std::move(where));
}

// An open archive over the caller's bytes; closes on destruction.
class Archive {
 public:
  static Result<std::unique_ptr<Archive>> open(std::string_view bytes, std::string_view file) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    zip_t* zip = source ? zip_open_from_source(source, ZIP_RDONLY, &error) : nullptr;
    if (zip == nullptr) {
      std::string detail = zip_error_strerror(&error);
      if (source) zip_source_free(source);
      zip_error_fini(&error);
      return xlsx_error(file, "not a readable .xlsx (ZIP) file: " + detail);
    }
    zip_error_fini(&error);
    return std::unique_ptr<Archive>(new Archive(zip));
  }
  ~Archive() { zip_discard(zip_); }
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  // The part's bytes; `found` is false when the archive has no such part.
  Result<std::string> read(const std::string& name, std::string_view file, bool& found) {
    found = false;
    const zip_int64_t index = zip_name_locate(zip_, name.c_str(), 0);
    if (index < 0) return std::string();
    found = true;
    zip_stat_t stat;
    if (zip_stat_index(zip_, static_cast<zip_uint64_t>(index), 0, &stat) != 0 ||
        (stat.valid & ZIP_STAT_SIZE) == 0 || stat.size > kPartBytesMax) {
      return xlsx_error(file, "part " + name + " is unreadable or larger than 64 MiB");
    }
    std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> part(
        zip_fopen_index(zip_, static_cast<zip_uint64_t>(index), 0), zip_fclose);
    std::string content(static_cast<size_t>(stat.size), '\0');
    const zip_int64_t read =
        part ? zip_fread(part.get(), content.data(), stat.size) : zip_int64_t{-1};
    if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size) {
      return xlsx_error(file, "part " + name + " cannot be decompressed");
    }
    return content;
  }

 private:
  explicit Archive(zip_t* zip) : zip_(zip) {}
  zip_t* zip_;
};

// Element names compared without a namespace prefix ("x:row" is "row").
std::string_view local_name(const pugi::xml_node& node) {
  std::string_view name = node.name();
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

pugi::xml_node child(const pugi::xml_node& node, std::string_view name) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && local_name(c) == name) return c;
  }
  return {};
}

// The concatenated text of every <t> below `node` (rich-text runs), skipping
// phonetic runs (<rPh>), which are not part of the displayed value.
// Depth is bounded: real strings nest <si><r><t>, hostile ones much deeper.
void collect_text(const pugi::xml_node& node, std::string& out, int depth = 0) {
  if (depth > 8) return;
  for (pugi::xml_node c : node.children()) {
    if (c.type() != pugi::node_element) continue;
    if (local_name(c) == "t") {
      out += c.text().get();
    } else if (local_name(c) != "rPh") {
      collect_text(c, out, depth + 1);
    }
  }
}

// A positive row number of at most 7 digits, else 0.
std::int64_t row_number_of(std::string_view text) {
  if (text.empty() || text.size() > 7) return 0;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return 0;
    value = value * 10 + (c - '0');
  }
  return value;
}

Result<pugi::xml_document*> load(pugi::xml_document& doc, const std::string& xml,
                                 const std::string& part, std::string_view file) {
  const pugi::xml_parse_result parsed = doc.load_buffer(xml.data(), xml.size());
  if (!parsed) return xlsx_error(file, "part " + part + " is not well-formed XML");
  return &doc;
}

struct Workbook {
  std::vector<std::string> names, parts;
  bool date1904 = false;
};

// Resolves a relationship target against the xl/ folder.
std::string part_path(std::string_view target) {
  if (target.starts_with('/')) return std::string(target.substr(1));
  return "xl/" + std::string(target);
}

Result<Workbook> read_workbook(Archive& archive, std::string_view file) {
  bool found = false;
  FERMATA_ASSIGN_OR_RETURN(std::string xml, archive.read("xl/workbook.xml", file, found));
  if (!found) return xlsx_error(file, "no xl/workbook.xml: not a spreadsheet");
  FERMATA_ASSIGN_OR_RETURN(std::string rels_xml,
                           archive.read("xl/_rels/workbook.xml.rels", file, found));
  pugi::xml_document doc, rels;
  FERMATA_RETURN_IF_ERROR(load(doc, xml, "xl/workbook.xml", file));
  FERMATA_RETURN_IF_ERROR(load(rels, rels_xml, "xl/_rels/workbook.xml.rels", file));
  const pugi::xml_node root = child(doc, "workbook");
  Workbook out;
  const std::string_view date1904 = child(root, "workbookPr").attribute("date1904").value();
  out.date1904 = date1904 == "1" || date1904 == "true";
  for (pugi::xml_node sheet : child(root, "sheets").children()) {
    if (local_name(sheet) != "sheet") continue;
    std::string id;
    for (pugi::xml_attribute a : sheet.attributes()) {
      const std::string_view name = a.name();
      if (name == "id" || name.ends_with(":id")) id = a.value();
    }
    std::string target;
    for (pugi::xml_node rel : child(rels, "Relationships").children()) {
      if (id == rel.attribute("Id").value()) target = rel.attribute("Target").value();
    }
    if (target.empty()) target = "worksheets/sheet" + std::to_string(out.names.size() + 1) + ".xml";
    out.names.emplace_back(sheet.attribute("name").value());
    out.parts.push_back(part_path(target));
  }
  if (out.names.empty()) return xlsx_error(file, "the workbook lists no sheets");
  return out;
}

Result<std::vector<std::string>> read_shared_strings(Archive& archive, std::string_view file) {
  bool found = false;
  FERMATA_ASSIGN_OR_RETURN(std::string xml, archive.read("xl/sharedStrings.xml", file, found));
  std::vector<std::string> strings;
  if (!found) return strings;
  pugi::xml_document doc;
  FERMATA_RETURN_IF_ERROR(load(doc, xml, "xl/sharedStrings.xml", file));
  for (pugi::xml_node si : child(doc, "sst").children()) {
    if (local_name(si) != "si") continue;
    std::string text;
    collect_text(si, text);
    strings.push_back(std::move(text));
  }
  return strings;
}

// One cell's value by its type attribute.
Result<XlsxCell> cell_value(const pugi::xml_node& c, const std::vector<std::string>& shared,
                            std::int64_t row, std::string_view file) {
  const std::string_view type = c.attribute("t").value();
  const std::string value = child(c, "v").text().get();
  XlsxCell cell;
  if (type == "s") {
    const std::string_view digits = stores::trim(value);
    size_t index = 0;
    const bool numeric =
        !digits.empty() && digits.size() < 10 &&
        std::all_of(digits.begin(), digits.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    if (numeric) index = std::stoul(std::string(digits));
    if (!numeric || index >= shared.size()) {
      return xlsx_error(file, "shared string index '" + value + "' is out of range", row,
                        c.attribute("r").value());
    }
    cell.text = shared[index];
  } else if (type == "inlineStr") {
    collect_text(child(c, "is"), cell.text);
  } else if (type == "b") {
    cell.text = value == "1" ? "TRUE" : "FALSE";
  } else if (type == "str" || type == "e" || type == "d") {
    cell.text = value;
  } else {
    cell.text = xlsx_number_text(stores::trim(value));
    cell.is_number = !cell.text.empty();
  }
  return cell;
}

Result<XlsxRow> read_row(const pugi::xml_node& row_node, std::int64_t previous,
                         const std::vector<std::string>& shared, std::string_view file) {
  XlsxRow row;
  const std::string_view r = row_node.attribute("r").value();
  row.row_number = r.empty() ? previous + 1 : row_number_of(r);
  if (row.row_number <= previous || row.row_number > kRowsMax) {
    return xlsx_error(file, "row number '" + std::string(r) + "' is out of order or range",
                      previous + 1);
  }
  std::int64_t column = -1;
  for (pugi::xml_node c : row_node.children()) {
    if (local_name(c) != "c") continue;
    const std::string_view ref = c.attribute("r").value();
    column = ref.empty() ? column + 1 : xlsx_column_index(ref);
    if (column < 0 || static_cast<size_t>(column) < row.cells.size()) {
      return xlsx_error(file, "bad or repeated cell reference '" + std::string(ref) + "'",
                        row.row_number, std::string(ref));
    }
    FERMATA_ASSIGN_OR_RETURN(XlsxCell cell, cell_value(c, shared, row.row_number, file));
    row.cells.resize(static_cast<size_t>(column));
    row.cells.push_back(std::move(cell));
  }
  return row;
}

}  // namespace

bool looks_like_xlsx(std::string_view bytes) {
  return bytes.starts_with(std::string_view("PK\x03\x04", 4));
}

Result<std::vector<std::string>> xlsx_sheet_names(std::string_view bytes,
                                                  std::string_view file_name) {
  FERMATA_ASSIGN_OR_RETURN(std::unique_ptr<Archive> archive, Archive::open(bytes, file_name));
  FERMATA_ASSIGN_OR_RETURN(Workbook workbook, read_workbook(*archive, file_name));
  return workbook.names;
}

Result<XlsxSheet> read_xlsx_sheet(std::string_view bytes, std::string_view sheet_name,
                                  std::string_view file_name) {
  FERMATA_ASSIGN_OR_RETURN(std::unique_ptr<Archive> archive, Archive::open(bytes, file_name));
  FERMATA_ASSIGN_OR_RETURN(Workbook workbook, read_workbook(*archive, file_name));
  size_t index = 0;
  if (!sheet_name.empty()) {
    index =
        static_cast<size_t>(std::find(workbook.names.begin(), workbook.names.end(), sheet_name) -
                            workbook.names.begin());
    if (index == workbook.names.size()) {
      SourceRef where{std::string(file_name), 0, "sheet", std::string(sheet_name)};
      return make_error(ErrorCode::kFieldMissing, "the workbook has no sheet of that name",
                        std::move(where));
    }
  }
  FERMATA_ASSIGN_OR_RETURN(std::vector<std::string> shared,
                           read_shared_strings(*archive, file_name));
  bool found = false;
  const std::string& part = workbook.parts[index];
  FERMATA_ASSIGN_OR_RETURN(std::string xml, archive->read(part, file_name, found));
  if (!found) return xlsx_error(file_name, "the workbook names a missing part " + part);
  pugi::xml_document doc;
  FERMATA_RETURN_IF_ERROR(load(doc, xml, part, file_name));
  XlsxSheet sheet;
  sheet.name = workbook.names[index];
  sheet.date1904 = workbook.date1904;
  for (pugi::xml_node row : child(child(doc, "worksheet"), "sheetData").children()) {
    if (local_name(row) != "row") continue;
    const std::int64_t previous = sheet.rows.empty() ? 0 : sheet.rows.back().row_number;
    FERMATA_ASSIGN_OR_RETURN(XlsxRow parsed, read_row(row, previous, shared, file_name));
    sheet.rows.push_back(std::move(parsed));
  }
  return sheet;
}

std::int64_t xlsx_column_index(std::string_view cell_ref) {
  std::int64_t column = 0;
  size_t letters = 0;
  while (letters < cell_ref.size() && cell_ref[letters] >= 'A' && cell_ref[letters] <= 'Z') {
    column = column * 26 + (cell_ref[letters] - 'A' + 1);
    if (++letters > 3) return -1;
  }
  if (letters == 0 || column > kColumnsMax) return -1;
  const std::string_view digits = cell_ref.substr(letters);
  const bool numeric =
      !digits.empty() && digits.size() <= 7 && digits[0] != '0' &&
      std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  return numeric ? column - 1 : -1;
}

std::string xlsx_number_text(std::string_view value) {
  const size_t e = value.find_first_of("eE");
  if (e == std::string_view::npos) return std::string(value);
  std::string_view mantissa = value.substr(0, e);
  std::string_view exponent = value.substr(e + 1);
  std::string sign;
  if (!mantissa.empty() && (mantissa[0] == '-' || mantissa[0] == '+')) {
    if (mantissa[0] == '-') sign = "-";
    mantissa.remove_prefix(1);
  }
  bool negative_exponent = false;
  if (!exponent.empty() && (exponent[0] == '-' || exponent[0] == '+')) {
    negative_exponent = exponent[0] == '-';
    exponent.remove_prefix(1);
  }
  const size_t point = mantissa.find('.');
  const std::string digits =
      std::string(mantissa.substr(0, point)) + std::string(point == std::string_view::npos
                                                               ? std::string_view()
                                                               : mantissa.substr(point + 1));
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (digits.empty() || exponent.empty() || exponent.size() > 3 ||
      !std::all_of(digits.begin(), digits.end(), is_digit) ||
      !std::all_of(exponent.begin(), exponent.end(), is_digit)) {
    return std::string(value);
  }
  const std::int64_t shift = std::stoll(std::string(exponent)) * (negative_exponent ? -1 : 1);
  const std::int64_t whole =
      static_cast<std::int64_t>(point == std::string_view::npos ? mantissa.size() : point) + shift;
  std::string out;
  if (whole <= 0) {
    out = "0." + std::string(static_cast<size_t>(-whole), '0') + digits;
  } else if (static_cast<size_t>(whole) >= digits.size()) {
    out = digits + std::string(static_cast<size_t>(whole) - digits.size(), '0');
  } else {
    out = digits.substr(0, static_cast<size_t>(whole)) + "." +
          digits.substr(static_cast<size_t>(whole));
  }
  const size_t first = out.find_first_not_of('0');
  if (first == std::string::npos) return "0";
  out.erase(0, out[first] == '.' ? first - 1 : first);
  return sign + out;
}

std::string excel_serial_to_iso(std::string_view serial, bool date1904) {
  serial = stores::trim(serial);
  const std::string_view whole = serial.substr(0, serial.find('.'));
  const std::string_view fraction =
      whole.size() < serial.size() ? serial.substr(whole.size() + 1) : std::string_view();
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (whole.empty() || whole.size() > 7 || !std::all_of(whole.begin(), whole.end(), is_digit) ||
      !std::all_of(fraction.begin(), fraction.end(), is_digit)) {
    return {};
  }
  const std::int64_t days = std::stoll(std::string(whole));
  if (date1904) {
    const std::int64_t day = stores::days_from_civil(1904, 1, 1) + days;
    return day <= stores::days_from_civil(9999, 12, 31) ? stores::civil_from_days(day) : "";
  }
  // Serial 60 is 1900-02-29, a day that never was (the Lotus 1-2-3 bug).
  if (days < 1 || days == 60) return {};
  const std::int64_t base =
      days < 60 ? stores::days_from_civil(1899, 12, 31) : stores::days_from_civil(1899, 12, 30);
  const std::int64_t day = base + days;
  return day <= stores::days_from_civil(9999, 12, 31) ? stores::civil_from_days(day) : "";
}

}  // namespace fermata
