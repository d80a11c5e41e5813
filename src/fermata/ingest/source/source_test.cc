// Goal: a report reaches the parsers as the same UTF-8 text however it was
// delivered (plain, gzip, ZIP; UTF-8 with or without BOM, UTF-16LE, declared
// Latin-1), with one identity per report, and damaged deliveries are errors
// that name the file and line. Method: real gzip and ZIP files written with
// zlib and libzip into a temp directory.
#include "fermata/ingest/source/source.h"
#include "fermata/base/sha256.h"
#include "fermata/ingest/source/source_stream.h"

#include <gtest/gtest.h>
#include <zip.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

namespace fermata {
namespace {

class SourceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("fermata-source-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& bytes) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  std::string write_gzip(const std::string& name, const std::string& bytes) {
    const std::string path = (dir_ / name).string();
    gzFile file = gzopen(path.c_str(), "wb");
    gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size()));
    gzclose(file);
    return path;
  }

  std::string write_zip(const std::string& name,
                        const std::vector<std::pair<std::string, std::string>>& members) {
    const std::string path = (dir_ / name).string();
    int error = 0;
    zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    for (const auto& [member, content] : members) {
      zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
      zip_file_add(archive, member.c_str(), source, ZIP_FL_OVERWRITE);
    }
    zip_close(archive);
    return path;
  }

  std::filesystem::path dir_;
};

const std::string kReport = "key,amount\nk1,1.50\nk2,Caf\xC3\xA9\n";

TEST_F(SourceTest, PlainAndGzipAreTheSameDocument) {
  auto plain = read_source(write("r.csv", kReport), TextEncoding::kAuto);
  auto gzipped = read_source(write_gzip("r.csv.gz", kReport), TextEncoding::kAuto);
  ASSERT_TRUE(plain) << plain.error().to_string();
  ASSERT_TRUE(gzipped) << gzipped.error().to_string();
  ASSERT_EQ(gzipped->size(), 1u);
  EXPECT_EQ((*gzipped)[0].container, "gzip");
  EXPECT_EQ((*gzipped)[0].text, kReport);
  EXPECT_EQ((*gzipped)[0].sha256, (*plain)[0].sha256);
  EXPECT_EQ((*plain)[0].encoding, "utf-8");
}

TEST_F(SourceTest, ZipYieldsEveryFileMember) {
  auto docs = read_source(write_zip("r.zip", {{"a.csv", kReport},
                                              {"__MACOSX/._a.csv", "junk"},
                                              {"sub/b.csv", "\xEF\xBB\xBFx\n"}}),
                          TextEncoding::kAuto);
  ASSERT_TRUE(docs) << docs.error().to_string();
  ASSERT_EQ(docs->size(), 2u);
  EXPECT_EQ((*docs)[0].path, (dir_ / "r.zip").string() + "!a.csv");
  EXPECT_EQ((*docs)[0].text, kReport);
  EXPECT_EQ((*docs)[1].text, "x\n");
  EXPECT_EQ((*docs)[1].encoding, "utf-8-bom");
}

TEST_F(SourceTest, Utf16LeWithBomAndDeclaredLatin1) {
  std::string utf16 = "\xFF\xFE";
  for (char c : std::string("a,\xE9\n")) {  // 'é' as one UTF-16 unit 0x00E9.
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  auto wide = read_source(write("w.csv", utf16), TextEncoding::kAuto);
  ASSERT_TRUE(wide) << wide.error().to_string();
  EXPECT_EQ((*wide)[0].text, "a,\xC3\xA9\n");
  EXPECT_EQ((*wide)[0].encoding, "utf-16le");
  auto latin = read_source(write("l.csv", "a,Caf\xE9\n"), TextEncoding::kLatin1);
  ASSERT_TRUE(latin);
  EXPECT_EQ((*latin)[0].text, "a,Caf\xC3\xA9\n");
}

TEST_F(SourceTest, UndeclaredLatin1IsAnErrorNamingTheLine) {
  const std::string path = write("l.csv", "a,b\nc,Caf\xE9\n");
  auto result = read_source(path, TextEncoding::kAuto);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().to_string(),
            path +
                ":2: byte 10 is not valid UTF-8; if the file is Latin-1, pass --encoding "
                "latin-1 [parse_error]");
}

TEST_F(SourceTest, TruncatedGzipIsAnError) {
  const std::string path = write_gzip("t.gz", kReport + kReport + kReport);
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto result =
      read_source(write("cut.gz", bytes.substr(0, bytes.size() / 2)), TextEncoding::kAuto);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kParseError);
  EXPECT_NE(result.error().message.find("gzip data is"), std::string::npos);
}

// Streamed sources (source_stream.h): the same text, identity and errors as
// read_source(), delivered in pieces.
struct Streamed {
  Result<StreamedSource> source;
  std::string text;
  std::size_t pieces = 0;
};

Streamed stream(const std::string& path) {
  Streamed out{make_error(ErrorCode::kIoError, "not run"), "", 0};
  out.source = stream_source(path, [&](std::string_view piece) {
    out.text.append(piece);
    ++out.pieces;
    return ok_status();
  });
  return out;
}

TEST_F(SourceTest, StreamedPlainGzipAndBomAreTheSameTextAndIdentityAsReadSource) {
  const std::string plain_path = write("r.csv", kReport);
  Streamed plain = stream(plain_path);
  Streamed gzipped = stream(write_gzip("r.csv.gz", kReport));
  Streamed bom = stream(write("bom.csv", "\xEF\xBB\xBF" + kReport));
  for (Streamed* s : {&plain, &gzipped, &bom}) {
    ASSERT_TRUE(s->source) << s->source.error().to_string();
    EXPECT_EQ(s->text, kReport);
  }
  const auto whole = read_source(plain_path, TextEncoding::kAuto);
  EXPECT_EQ(plain.source->sha256, (*whole)[0].sha256);
  EXPECT_EQ(gzipped.source->sha256, plain.source->sha256);
  EXPECT_EQ(gzipped.source->container, "gzip");
  EXPECT_EQ(plain.source->text_sha256, plain.source->sha256);
  EXPECT_EQ(bom.source->encoding, "utf-8-bom");
  EXPECT_EQ(bom.source->sha256, sha256_hex("\xEF\xBB\xBF" + kReport));
  EXPECT_EQ(bom.source->text_sha256, sha256_hex(kReport));
}

TEST_F(SourceTest, StreamedTextSplitsMultiByteCharactersAcrossPiecesWithoutError) {
  // A 3-byte character across the 1 MiB piece boundary, in a file of three pieces.
  std::string text((1 << 20) - 1, 'a');
  text += "\xE2\x82\xAC";  // U+20AC
  text += std::string((1 << 21), 'b');
  Streamed s = stream(write("big.txt", text));
  ASSERT_TRUE(s.source) << s.source.error().to_string();
  EXPECT_EQ(s.text, text);
  EXPECT_GE(s.pieces, 3u);
  EXPECT_EQ(s.source->text_bytes, static_cast<std::int64_t>(text.size()));
}

TEST_F(SourceTest, StreamedInvalidUtf8IsTheSameErrorAsReadSource) {
  // Far enough in that the newline count crosses the 255-block lane limit.
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "line " + std::to_string(i) + "\n";
  text += "bad \xC3( here\n";
  const std::string path = write("bad.txt", text);
  Streamed s = stream(path);
  const auto whole = read_source(path, TextEncoding::kAuto);
  ASSERT_FALSE(s.source);
  ASSERT_FALSE(whole);
  EXPECT_EQ(s.source.error().to_string(), whole.error().to_string());
  EXPECT_EQ(s.source.error().where.line_number, 20001);
}

TEST_F(SourceTest, OnlyPlainOrGzipUtf8IsStreamed) {
  const auto peek = [](const std::string& path, TextEncoding encoding) {
    Result<std::optional<std::string>> text = peek_streamable_text(path, encoding, 8);
    EXPECT_TRUE(text) << text.error().to_string();
    return text ? *text : std::optional<std::string>();
  };
  EXPECT_EQ(peek(write_gzip("a.gz", kReport), TextEncoding::kAuto), "key,amou");
  EXPECT_EQ(peek(write("b.csv", "\xEF\xBB\xBF" + kReport), TextEncoding::kAuto), "key,a");
  EXPECT_EQ(peek(write_zip("c.zip", {{"a.csv", kReport}}), TextEncoding::kAuto), std::nullopt);
  EXPECT_EQ(peek(write("d.csv", "\xFF\xFEk\0"), TextEncoding::kAuto), std::nullopt);
  EXPECT_EQ(peek(write("e.csv", kReport), TextEncoding::kLatin1), std::nullopt);
}

TEST_F(SourceTest, StreamedTruncatedGzipIsAnError) {
  const std::string path = write_gzip("t.gz", kReport + kReport);
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  Streamed s = stream(write("cut.gz", bytes.substr(0, bytes.size() - 6)));
  ASSERT_FALSE(s.source);
  EXPECT_EQ(s.source.error().message, "gzip data is truncated");
}

}  // namespace
}  // namespace fermata
