// A large random sample through the js_escape fuzz target's judge, for the ordinary test run
// (no libFuzzer needed): strings built mostly from the characters that matter to JavaScript
// literals and comments, plus random code points of every UTF-8 length.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

static void append_utf8(std::string& s, uint32_t cp) {
  if (cp < 0x80) {
    s += static_cast<char>(cp);
  } else if (cp < 0x800) {
    s += static_cast<char>(0xC0 | (cp >> 6));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    s += static_cast<char>(0xF0 | (cp >> 18));
    s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int main(int argc, char** argv) {
  const long count = argc > 1 ? std::atol(argv[1]) : 100000;
  std::mt19937_64 rng(argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 8);
  static const char* const pieces[] = {
      "'",         "`",    "$",  "{",  "${", "}", "\\", "\n",   "\r",   "\r\n",         "\t",
      "\0",        "*/",   "//", "\"", " ",  "a", "0",  "\x7f", "\x1b", "\xe2\x80\xa8", "\xe2\x80\xa9",
      "__proto__", "\\u{", "\\x"};
  const size_t npieces = sizeof pieces / sizeof pieces[0];
  for (long i = 0; i < count; ++i) {
    std::string s;
    const size_t len = rng() % 24;
    for (size_t k = 0; k < len; ++k) {
      const uint64_t r = rng();
      if (r % 4 != 0) {
        const char* p = pieces[(r >> 8) % npieces];
        s += p[0] == '\0' ? std::string(1, '\0') : std::string(p);
      } else {
        uint32_t cp = static_cast<uint32_t>((r >> 8) % 0x110000);
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // not a scalar value: UTF-8 cannot hold it
        append_utf8(s, cp);
      }
    }
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  }
  std::printf("js_escape sample: %ld random strings read back exactly by node\n", count);
  std::printf("%ld passed, 0 failed\n", count);
  return 0;
}
