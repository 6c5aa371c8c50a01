// Replays fuzz inputs without libFuzzer: runs LLVMFuzzerTestOneInput on every file
// of the directories (or files) named on the command line, as fmt's FMT_FUZZ_LINKMAIN.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

void RunFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)),
                          std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

}  // namespace

int main(int argc, char** argv) {
  int files = 0;
  for (int arg = 1; arg < argc; ++arg) {
    const std::filesystem::path path(argv[arg]);
    if (std::filesystem::is_directory(path)) {
      std::vector<std::filesystem::path> entries;
      for (const auto& entry : std::filesystem::directory_iterator(path)) {
        if (entry.is_regular_file()) entries.push_back(entry.path());
      }
      std::sort(entries.begin(), entries.end());
      for (const auto& entry : entries) {
        RunFile(entry);
        ++files;
      }
    } else if (std::filesystem::is_regular_file(path)) {
      RunFile(path);
      ++files;
    } else {
      std::fprintf(stderr, "replay: no such file or directory: %s\n", argv[arg]);
      return 1;
    }
  }
  std::printf("replayed %d inputs\n", files);
  return files > 0 ? 0 : 1;
}
