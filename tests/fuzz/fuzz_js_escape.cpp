// Fuzz target: the JavaScript escaping (translator/js_escape.h). For any UTF-8 text (the history
// loader refuses anything else), node must read back exactly its bytes from js_quote (single and
// template), js_key and js_comment output, and each must be one literal token, never code. node
// runs once, as a child process (tests/fuzz/js_escape_check.js), and judges each input.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "emit/js_escape.h"
#include "base/utf8.h"

#ifndef P2S_FUZZ_DIR
#error "P2S_FUZZ_DIR must name tests/fuzz"
#endif

namespace {

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz_js_escape: %s\n", what.c_str());
  std::abort();
}

struct Judge {
  int to = -1, from = -1;
  Judge() {
    int in[2], out[2];
    if (::pipe(in) != 0 || ::pipe(out) != 0) fail("pipe");
    const pid_t pid = ::fork();
    if (pid < 0) fail("fork");
    if (pid == 0) {
      ::dup2(in[0], 0);
      ::dup2(out[1], 1);
      ::close(in[1]);
      ::close(out[0]);
      ::execlp("node", "node", P2S_FUZZ_DIR "/js_escape_check.js", static_cast<char*>(nullptr));
      std::perror("node");
      ::_exit(127);
    }
    ::close(in[0]);
    ::close(out[1]);
    ::signal(SIGPIPE, SIG_IGN);
    to = in[1];
    from = out[0];
  }
  void send(const std::string& bytes) {
    for (size_t done = 0; done < bytes.size();) {
      const ssize_t n = ::write(to, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;  // libFuzzer's timer signals interrupt system calls
      if (n <= 0) fail(std::string("node went away (is node installed?): ") + std::strerror(errno));
      done += static_cast<size_t>(n);
    }
  }
  std::string receive(size_t n) {
    std::string out(n, '\0');
    for (size_t done = 0; done < n;) {
      const ssize_t r = ::read(from, out.data() + done, n - done);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) fail(std::string("node went away (is node installed?): ") + std::strerror(errno));
      done += static_cast<size_t>(r);
    }
    return out;
  }
};

std::string u32(size_t n) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[i] = static_cast<char>((n >> (8 * i)) & 0xff);
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (size_t i = 0; i < text.size();) {  // UTF-8 only (NUL included: the escaper must handle it)
    const size_t n = p2s::utf8_sequence_length(text, i);
    if (n == 0) return 0;
    i += n;
  }
  static Judge judge;
  const std::pair<char, std::string> cases[] = {
      {'S', p2s::js_quote(text, p2s::JsQuote::kSingle)},
      {'T', p2s::js_quote(text, p2s::JsQuote::kTemplate)},
      {'K', p2s::js_key(text)},
      {'C', p2s::js_comment(text)},
  };
  std::string request;
  for (const auto& [kind, js] : cases) {
    const std::string body = std::string(1, kind) + u32(text.size()) + text + js;
    request += u32(body.size()) + body;
  }
  judge.send(request);
  for (const auto& [kind, js] : cases) {
    const std::string len = judge.receive(4);
    size_t n = 0;
    for (int i = 3; i >= 0; --i) n = n * 256 + static_cast<unsigned char>(len[i]);
    const std::string why = judge.receive(n);
    if (!why.empty()) fail(std::string("kind ") + kind + ": " + why);
  }
  return 0;
}
