#include "fermata/ingest/source/source.h"

#include <fstream>
#include <sstream>

#include "fermata/base/sha256.h"

namespace fermata {
namespace {

Result<std::string> read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::kIoError, "cannot read '" + path + "'", {path, 0, "", ""});
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

Result<SourceDocument> make_document(std::string path, std::string container, std::string bytes,
                                     TextEncoding encoding) {
  SourceDocument document;
  document.sha256 = sha256_hex(bytes);
  FERMATA_ASSIGN_OR_RETURN(document.text, decode_text(bytes, encoding, path, &document.encoding));
  document.path = std::move(path);
  document.container = std::move(container);
  return document;
}

}  // namespace

namespace {

// An Office Open XML workbook (.xlsx), recognised by its parts, not its name.
bool is_workbook(const std::vector<std::pair<std::string, std::string>>& members) {
  for (const auto& [name, content] : members) {
    if (name == "xl/workbook.xml") return true;
  }
  return false;
}

}  // namespace

Result<std::vector<SourceDocument>> read_source(const std::string& path, TextEncoding encoding) {
  Result<std::string> read = read_bytes(path);
  if (!read) return read.error();
  std::string& bytes = *read;
  std::vector<SourceDocument> documents;
  if (bytes.starts_with("\x1F\x8B")) {
    FERMATA_ASSIGN_OR_RETURN(std::string inflated, gunzip(bytes, path));
    FERMATA_ASSIGN_OR_RETURN(SourceDocument document,
                             make_document(path, "gzip", std::move(inflated), encoding));
    documents.push_back(std::move(document));
  } else if (bytes.starts_with("PK\x03\x04")) {
    FERMATA_ASSIGN_OR_RETURN(auto members, unzip_members(bytes, path));
    if (is_workbook(members)) {
      // A spreadsheet is one document; its parser reads the ZIP itself.
      SourceDocument document{path, "plain", "binary", sha256_hex(bytes), std::move(bytes)};
      documents.push_back(std::move(document));
      return documents;
    }
    for (auto& [name, content] : members) {
      FERMATA_ASSIGN_OR_RETURN(
          SourceDocument document,
          make_document(path + "!" + name, "zip", std::move(content), encoding));
      documents.push_back(std::move(document));
    }
  } else {
    FERMATA_ASSIGN_OR_RETURN(SourceDocument document,
                             make_document(path, "plain", std::move(bytes), encoding));
    documents.push_back(std::move(document));
  }
  return documents;
}

}  // namespace fermata
