// memchr_floor FILE: counts the newlines of FILE with read() + memchr in 4 MiB blocks
// and prints the time. This is the floor for any CSV reader: it touches every byte once
// and does nothing else.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: memchr_floor FILE\n");
    return 2;
  }
  int fd = open(argv[1], O_RDONLY);
  if (fd < 0) {
    std::perror(argv[1]);
    return 2;
  }
  auto start = std::chrono::steady_clock::now();
  std::vector<char> block(4 << 20);
  long long lines = 0;
  long long bytes = 0;
  for (;;) {
    ssize_t got = read(fd, block.data(), block.size());
    if (got < 0) {
      std::perror("read");
      return 2;
    }
    if (got == 0) break;
    bytes += got;
    const char* p = block.data();
    const char* end = p + got;
    while ((p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p))))) {
      ++lines;
      ++p;
    }
  }
  close(fd);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("{\"bytes\":%lld,\"lines\":%lld,\"seconds\":%.4f}\n", bytes, lines, seconds);
  return 0;
}
