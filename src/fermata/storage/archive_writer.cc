// SourceArchive::Writer: a file archived while it is read (archive.h).
#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>

#include <atomic>
#include <filesystem>

#include "fermata/storage/archive.h"

namespace fermata {
namespace {

constexpr int kCompressionLevel = 3;

Error io_error(const std::string& message) {
  return make_error(ErrorCode::kIoError, message);
}

Status write_all(int fd, const char* data, std::size_t size, const std::string& path) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = ::write(fd, data + done, size - done);
    if (n <= 0) return io_error("cannot write archive file '" + path + "'");
    done += static_cast<std::size_t>(n);
  }
  return ok_status();
}

}  // namespace

struct SourceArchive::Writer::State {
  SourceArchive archive{""};
  std::string temporary;
  int fd = -1;
  ZSTD_CCtx* context = nullptr;
  std::string out;  // Compressed bytes between writes to the file.
  bool committed = false;

  ~State() {
    if (context != nullptr) ZSTD_freeCCtx(context);
    if (fd >= 0) ::close(fd);
    if (!committed && !temporary.empty()) ::unlink(temporary.c_str());
  }

  // Compresses `bytes` (ZSTD_e_continue) or finishes the frame (ZSTD_e_end).
  Status push(std::string_view bytes, ZSTD_EndDirective mode) {
    ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
    while (true) {
      ZSTD_outBuffer buffer{out.data(), out.size(), 0};
      const std::size_t left = ZSTD_compressStream2(context, &buffer, &in, mode);
      if (ZSTD_isError(left)) return io_error(std::string("zstd: ") + ZSTD_getErrorName(left));
      FERMATA_RETURN_IF_ERROR(write_all(fd, out.data(), buffer.pos, temporary));
      const bool done = mode == ZSTD_e_end ? left == 0 : in.pos == in.size;
      if (done) return ok_status();
    }
  }
};

SourceArchive::Writer::Writer(std::unique_ptr<State> state) : state_(std::move(state)) {}

SourceArchive::Writer::~Writer() = default;

Result<std::unique_ptr<SourceArchive::Writer>> SourceArchive::begin_write() const {
  static std::atomic<int> counter{0};
  std::error_code ec;
  std::filesystem::create_directories(directory_, ec);
  if (ec) return io_error("cannot create archive directory '" + directory_ + "': " + ec.message());
  auto state = std::make_unique<Writer::State>();
  state->archive = *this;
  state->temporary = directory_ + "/incoming." + std::to_string(::getpid()) + "." +
                     std::to_string(counter++) + ".tmp";
  state->fd = ::open(state->temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (state->fd < 0) return io_error("cannot create archive file '" + state->temporary + "'");
  state->context = ZSTD_createCCtx();
  if (state->context == nullptr) return io_error("zstd: cannot create a compression context");
  ZSTD_CCtx_setParameter(state->context, ZSTD_c_compressionLevel, kCompressionLevel);
  // A worker thread compresses while the caller parses; ignored by a
  // single-threaded libzstd.
  ZSTD_CCtx_setParameter(state->context, ZSTD_c_nbWorkers, 1);
  state->out.resize(ZSTD_CStreamOutSize());
  return std::unique_ptr<Writer>(new Writer(std::move(state)));
}

Status SourceArchive::Writer::write(std::string_view bytes) {
  return state_->push(bytes, ZSTD_e_continue);
}

Status SourceArchive::Writer::commit(const std::string& sha256) {
  State& s = *state_;
  FERMATA_RETURN_IF_ERROR(s.push({}, ZSTD_e_end));
  if (::fsync(s.fd) != 0) return io_error("cannot flush archive file '" + s.temporary + "'");
  ::close(s.fd);
  s.fd = -1;
  const std::string path = s.archive.path_of(sha256);
  std::error_code ec;
  if (std::filesystem::exists(path)) return ok_status();  // Same bytes archived before.
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (!ec) std::filesystem::rename(s.temporary, path, ec);
  if (ec) return io_error("cannot move '" + s.temporary + "' into the archive: " + ec.message());
  s.committed = true;
  return ok_status();
}

}  // namespace fermata
