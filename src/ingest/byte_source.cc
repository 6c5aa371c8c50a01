#include "ingest/byte_source.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>
#include <sys/stat.h>
#include <zlib.h>

namespace mroi::internal {

namespace {

// A plain file read with stdio; the stdio buffer is disabled since callers read
// whole blocks.
class FileSource final : public ByteSource {
 public:
  FileSource(std::FILE* file, int64_t size) : file_(file), size_(size) {}
  ~FileSource() override { std::fclose(file_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  Result<size_t> Read(char* buffer, size_t capacity) override {
    size_t count = std::fread(buffer, 1, capacity, file_);
    if (count < capacity && std::ferror(file_)) {
      return IOError(fmt::format("read failed: {}", std::strerror(errno)));
    }
    position_ += static_cast<int64_t>(count);
    return count;
  }
  int64_t position() const override { return position_; }
  int64_t size() const override { return size_; }

 private:
  std::FILE* file_;
  int64_t size_;
  int64_t position_ = 0;
};

class MemorySource final : public ByteSource {
 public:
  explicit MemorySource(std::string_view bytes) : bytes_(bytes) {}
  Result<size_t> Read(char* buffer, size_t capacity) override {
    size_t count = std::min(capacity, bytes_.size() - offset_);
    if (count > 0) std::memcpy(buffer, bytes_.data() + offset_, count);
    offset_ += count;
    return count;
  }
  int64_t position() const override { return static_cast<int64_t>(offset_); }
  int64_t size() const override { return static_cast<int64_t>(bytes_.size()); }

 private:
  std::string_view bytes_;
  size_t offset_ = 0;
};

// Inflates with zlib's streaming API: one block of compressed input at a time.
class GzipSource final : public ByteSource {
 public:
  GzipSource(std::unique_ptr<ByteSource> raw, size_t block_bytes) : raw_(std::move(raw)) {
    // A compressed input smaller than a block needs no block-sized buffer.
    input_size_ = block_bytes == 0 ? 1 : block_bytes;
    if (raw_->size() >= 0) {
      input_size_ = std::min(input_size_, static_cast<size_t>(raw_->size()) + 1);
    }
    input_.Reserve(input_size_, 0);
    std::memset(&stream_, 0, sizeof(stream_));
    // 15 + 32: accept gzip or zlib headers, detected automatically.
    init_ok_ = inflateInit2(&stream_, 15 + 32) == Z_OK;
  }
  ~GzipSource() override {
    if (init_ok_) inflateEnd(&stream_);
  }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  Result<size_t> Read(char* buffer, size_t capacity) override {
    if (!init_ok_) return Internal("zlib inflateInit2 failed");
    if (capacity > kMaxChunk) capacity = kMaxChunk;
    stream_.next_out = reinterpret_cast<Bytef*>(buffer);
    stream_.avail_out = static_cast<uInt>(capacity);
    while (stream_.avail_out == capacity && !done_) {
      if (stream_.avail_in == 0) {
        MROI_ASSIGN_OR_RETURN(size_t count, raw_->Read(input_.data(), input_size_));
        if (count == 0) {
          if (member_started_) {
            return InvalidArgument("gzip stream is truncated (unexpected end of data)");
          }
          done_ = true;
          break;
        }
        stream_.next_in = reinterpret_cast<Bytef*>(input_.data());
        stream_.avail_in = static_cast<uInt>(count);
      }
      member_started_ = true;
      int code = inflate(&stream_, Z_NO_FLUSH);
      if (code == Z_STREAM_END) {
        // Another gzip member may follow (as `cat a.gz b.gz` makes).
        member_started_ = false;
        if (inflateReset(&stream_) != Z_OK) return Internal("zlib inflateReset failed");
      } else if (code == Z_BUF_ERROR && stream_.avail_in == 0) {
        continue;  // needs more input; the loop reads it
      } else if (code != Z_OK) {
        return InvalidArgument(
            fmt::format("not a valid gzip stream ({})",
                        stream_.msg != nullptr ? stream_.msg : "corrupt data"));
      }
    }
    return capacity - stream_.avail_out;
  }
  int64_t position() const override { return raw_->position(); }
  int64_t size() const override { return raw_->size(); }
  bool decompressing() const override { return true; }

 private:
  static constexpr size_t kMaxChunk = 1u << 30;
  std::unique_ptr<ByteSource> raw_;
  ByteBuffer input_;
  size_t input_size_ = 1;
  z_stream stream_;
  bool init_ok_ = false;
  bool member_started_ = false;
  bool done_ = false;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> OpenFileSource(const std::string& path) {
  struct stat info;
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return NotFound("no such file");
    return IOError(fmt::format("cannot open: {}", std::strerror(errno)));
  }
  if (S_ISDIR(info.st_mode)) return IOError("is a directory, not a file");
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return IOError(fmt::format("cannot open: {}", std::strerror(errno)));
  }
  std::setvbuf(file, nullptr, _IONBF, 0);
  return std::unique_ptr<ByteSource>(
      new FileSource(file, static_cast<int64_t>(info.st_size)));
}

std::unique_ptr<ByteSource> NewMemorySource(std::string_view bytes) {
  return std::make_unique<MemorySource>(bytes);
}

std::unique_ptr<ByteSource> NewGzipSource(std::unique_ptr<ByteSource> raw,
                                          size_t block_bytes) {
  return std::make_unique<GzipSource>(std::move(raw), block_bytes);
}

bool HasGzipMagic(std::string_view prefix) {
  return prefix.size() >= 2 && static_cast<unsigned char>(prefix[0]) == 0x1f &&
         static_cast<unsigned char>(prefix[1]) == 0x8b;
}

}  // namespace mroi::internal
