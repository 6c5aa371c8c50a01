#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "mroi/result.h"

namespace mroi::internal {

/// A stream of bytes read block by block: a file, a memory buffer, or a gzip
/// stream inflated on the fly over either. Memory stays O(block), never O(file).
/// Thread safety: none.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Read up to `capacity` bytes into `buffer`; return 0 only at the end.
  /// Errors: kIOError (the OS refused), kInvalidArgument (corrupt gzip).
  virtual Result<size_t> Read(char* buffer, size_t capacity) = 0;
  /// Bytes consumed from the underlying storage so far (compressed bytes for gzip).
  virtual int64_t position() const = 0;
  /// Size of the underlying storage in bytes, or -1 when unknown.
  virtual int64_t size() const = 0;
  /// True when the bytes read are inflated from the storage (then size() is not theirs).
  virtual bool decompressing() const { return false; }
};

/// A growable byte buffer whose new bytes are left uninitialised: a block is written
/// by ByteSource::Read() before it is looked at, so zeroing it (as std::vector does)
/// would only cost time and page faults. Thread safety: none.
class ByteBuffer {
 public:
  char* data() { return data_.get(); }
  const char* data() const { return data_.get(); }
  size_t capacity() const { return capacity_; }
  /// Make room for at least `capacity` bytes, keeping the first `used` bytes.
  void Reserve(size_t capacity, size_t used) {
    if (capacity <= capacity_) return;
    std::unique_ptr<char[]> bigger(new char[capacity]);
    if (used > 0) std::memcpy(bigger.get(), data_.get(), used);
    data_ = std::move(bigger);
    capacity_ = capacity;
  }

 private:
  std::unique_ptr<char[]> data_;
  size_t capacity_ = 0;
};

/// Open `path` for reading. Errors: kNotFound, kIOError.
Result<std::unique_ptr<ByteSource>> OpenFileSource(const std::string& path);
/// Return a source over `bytes`, which must outlive it.
std::unique_ptr<ByteSource> NewMemorySource(std::string_view bytes);
/// Return a source that inflates the gzip (or zlib) stream of `raw`, reading
/// `block_bytes` compressed bytes at a time. Concatenated gzip members are read in turn.
std::unique_ptr<ByteSource> NewGzipSource(std::unique_ptr<ByteSource> raw,
                                          size_t block_bytes);
/// True when `prefix` starts with the gzip magic bytes 1f 8b.
bool HasGzipMagic(std::string_view prefix);

}  // namespace mroi::internal
