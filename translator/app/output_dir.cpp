#include "app/output_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <string_view>

namespace p2s {
namespace fs = std::filesystem;

namespace {

// A run's temporary folder is `.<out>.p2s-tmp-<hex>`, next to a lock file `.<out>.p2s-tmp-<hex>.lock`
// that holds this text and that the run keeps locked (flock) until it has finished. The lock file
// is created before the folder and removed after it, so a folder with an unlocked lock file beside
// it belongs to a run that was killed: only those are removed, never anything else.
constexpr std::string_view kLockMagic = "prisma2sequelize: temporary output, removed by the next run\n";
constexpr std::string_view kTmpInfix = ".p2s-tmp-";
constexpr std::string_view kLockSuffix = ".lock";

std::string errno_text() {
  return std::strerror(errno);
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Writes a new file; "" or the system's reason (ENOSPC, EDQUOT, EFBIG, ...), including from close.
std::string write_file(const fs::path& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return errno_text();
  const bool written = write_all(fd, content);
  const std::string why = written ? "" : errno_text();
  if (::close(fd) != 0 && written) return errno_text();
  return why;
}

bool is_real_directory(const fs::path& p) {
  std::error_code ec;
  return fs::symlink_status(p, ec).type() == fs::file_type::directory;
}

// Removes the temporary folders of killed runs into the same OUT_DIR (see kLockMagic).
void remove_stale_temps(const fs::path& parent, const std::string& out_name) {
  const std::string prefix = "." + out_name + std::string(kTmpInfix);
  std::error_code ec;
  std::vector<fs::path> locks;
  for (fs::directory_iterator it(parent, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() > prefix.size() + kLockSuffix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
        name.compare(name.size() - kLockSuffix.size(), kLockSuffix.size(), kLockSuffix) == 0) {
      locks.push_back(it->path());
    }
  }
  for (const fs::path& lock : locks) {
    Fd fd(::open(lock.c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0 || ::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) continue;  // a live run holds it
    char buf[128] = {};
    const ssize_t n = ::pread(fd.get(), buf, sizeof buf, 0);
    if (n != static_cast<ssize_t>(kLockMagic.size()) ||
        std::string_view(buf, kLockMagic.size()) != kLockMagic)
      continue;
    std::string dir = lock.string();
    dir.resize(dir.size() - kLockSuffix.size());
    if (is_real_directory(dir)) fs::remove_all(dir, ec);
    if (!fs::exists(fs::symlink_status(dir, ec))) fs::remove(lock, ec);
  }
}

// Creates `lock` holding kLockMagic and locked (flock): an fd, or -1 with errno (EEXIST: the name is
// taken). The file appears under its name with its text already in it (written to an O_TMPFILE, then
// linked), so a run killed at any moment leaves no lock or a whole one, which the next run can tell
// from files it did not write. Where the filesystem has no O_TMPFILE (or there is no /proc), the file
// is created and then written: a kill in between leaves an empty lock file that is never removed.
int create_lock(const fs::path& parent, const fs::path& lock) {
#ifdef O_TMPFILE
  const fs::path dir = parent.empty() ? fs::path(".") : parent;
  const int tmp = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (tmp >= 0) {
    const std::string self = "/proc/self/fd/" + std::to_string(tmp);
    const bool linkable = ::flock(tmp, LOCK_EX) == 0 && write_all(tmp, kLockMagic);
    if (linkable && ::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, lock.c_str(), AT_SYMLINK_FOLLOW) == 0)
      return tmp;
    const int why = errno;
    ::close(tmp);
    errno = why;
    if (why == EEXIST || !linkable) return -1;  // else (no /proc, say): created and then written below
  } else if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) {
    return -1;
  }
#endif
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  if (::flock(fd, LOCK_EX) != 0 || !write_all(fd, kLockMagic)) {
    const int why = errno;
    ::close(fd);
    std::error_code ec;
    fs::remove(lock, ec);
    errno = why;
    return -1;
  }
  return fd;
}

// The temporary folder and its lock, removed (in that order) when the run ends normally.
class TempDir {
 public:
  // Creates the lock file, locks it, then the folder. `error` says why when it fails.
  TempDir(const fs::path& parent, const std::string& out_name, std::string& error) {
    std::random_device rd;
    for (int attempt = 0; attempt < 100 && path_.empty(); ++attempt) {
      char hex[17];
      std::snprintf(hex, sizeof hex, "%08x%08x", rd(), rd());
      const fs::path dir = parent / ("." + out_name + std::string(kTmpInfix) + hex);
      const fs::path lock = dir.string() + std::string(kLockSuffix);
      const int fd = create_lock(parent, lock);
      if (fd < 0 && errno == EEXIST) continue;
      if (fd < 0) {
        error = errno_text();
        return;
      }
      lock_fd_ = fd;
      lock_ = lock;
      if (::mkdir(dir.c_str(), 0777) != 0) {
        error = errno_text();
        return;
      }
      path_ = dir;
    }
    if (path_.empty() && error.empty()) error = "no free name";
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty() && is_real_directory(path_)) fs::remove_all(path_, ec);
    if (!lock_.empty()) fs::remove(lock_, ec);
    if (lock_fd_ >= 0) ::close(lock_fd_);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_, lock_;
  int lock_fd_ = -1;
};

bool in_set(const std::vector<std::string>& names, const std::string& name) {
  for (const std::string& n : names) {
    if (n == name) return true;
  }
  return false;
}

// Into an existing OUT_DIR, atomically: the temporary folder also gets a hard link to every file of
// OUT_DIR that this run neither writes nor removes, takes OUT_DIR's mode and owner, and the two
// folders are exchanged in one renameat2(RENAME_EXCHANGE). The old folder, now at the temporary
// name, holds only our old files and second links to the kept ones. Returns false (having changed
// nothing in OUT_DIR) when that is not possible: OUT_DIR holds a folder of its own, a mount point,
// or the file system cannot exchange.
bool exchange_into(const fs::path& out_dir, const fs::path& tmp,
                   const std::map<std::string, std::string>& files,
                   const std::vector<std::string>& previous) {
  std::error_code ec;
  std::vector<std::string> kept;
  for (fs::directory_iterator it(out_dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (files.count(name) > 0 || in_set(previous, name)) continue;
    if (is_real_directory(it->path())) return false;
    // linkat without AT_SYMLINK_FOLLOW links a symlink itself, not its target.
    if (::linkat(AT_FDCWD, it->path().c_str(), AT_FDCWD, (tmp / name).c_str(), 0) != 0) return false;
    kept.push_back(name);
  }
  struct stat st {};
  if (ec || ::stat(out_dir.c_str(), &st) != 0) return false;
  if (::chmod(tmp.c_str(), st.st_mode & 07777) != 0) return false;
  if (::geteuid() == 0 && ::chown(tmp.c_str(), st.st_uid, st.st_gid) != 0) return false;
  if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, out_dir.c_str(), RENAME_EXCHANGE) != 0) return false;
  // Anything that appeared in OUT_DIR since it was listed is not ours to delete: move it over.
  for (fs::directory_iterator it(tmp, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (files.count(name) > 0 || in_set(previous, name) || in_set(kept, name)) continue;
    std::error_code move_ec;
    if (!fs::exists(fs::symlink_status(out_dir / name, move_ec)))
      fs::rename(it->path(), out_dir / name, move_ec);
  }
  return true;
}

}  // namespace

std::string write_output(const fs::path& out_arg, const std::map<std::string, std::string>& files,
                         const std::vector<std::string>& previous) {
  fs::path out_dir = out_arg.filename().empty() ? out_arg.parent_path() : out_arg;
  std::error_code ec;
  if (out_dir.empty() || out_dir.filename() == "." || out_dir.filename() == "..")
    out_dir = fs::absolute(out_dir.empty() ? fs::path(".") : out_dir, ec).lexically_normal().parent_path();
  // A symlinked OUT_DIR stays a symlink: the folder it points to is the one replaced.
  if (fs::is_symlink(fs::symlink_status(out_dir, ec))) {
    out_dir = fs::canonical(out_dir, ec);
    if (ec) return out_arg.string() + ": " + ec.message();
  }
  const fs::path parent = out_dir.has_parent_path() ? out_dir.parent_path() : fs::path(".");
  if (!fs::is_directory(parent, ec)) {
    fs::create_directories(parent, ec);
    if (ec) return "cannot create " + parent.string() + ": " + ec.message();
  }
  const fs::file_status out_status = fs::status(out_dir, ec);
  if (fs::exists(out_status) && !fs::is_directory(out_status))
    return out_dir.string() + " exists and is not a directory";
  const std::string out_name = out_dir.filename().string();
  remove_stale_temps(parent, out_name);
  std::string why;
  TempDir tmp(parent, out_name, why);
  if (tmp.path().empty()) return "cannot create a temporary folder beside " + out_dir.string() + ": " + why;
  for (const auto& [name, content] : files) {
    why = write_file(tmp.path() / name, content);
    if (!why.empty()) {
      return "cannot write " + name + " (in a temporary folder beside " + out_dir.string() + "): " + why +
             "; " + out_dir.string() + " is unchanged";
    }
  }
  if (!fs::exists(out_status)) {
    fs::rename(tmp.path(), out_dir, ec);
    if (ec) return "cannot move the output into " + out_dir.string() + ": " + ec.message();
    return "";
  }
  // Exchanging the folder we stand in would leave us (and the shell that started us) in the old one.
  const fs::path cwd = fs::current_path(ec);
  const fs::path real_out = fs::canonical(out_dir, ec);
  const bool holds_cwd =
      !ec && std::mismatch(real_out.begin(), real_out.end(), cwd.begin(), cwd.end()).first == real_out.end();
  if (!holds_cwd && exchange_into(out_dir, tmp.path(), files, previous)) return "";
  // Not atomic as a whole: our own files are replaced one by one (each rename is atomic), and names
  // the previous run wrote and this one does not are removed.
  for (const auto& [name, content] : files) {
    fs::rename(tmp.path() / name, out_dir / name, ec);
    if (ec) return "cannot move " + name + " into " + out_dir.string() + ": " + ec.message();
  }
  for (const std::string& name : previous) {
    if (files.count(name) == 0 && name.find('/') == std::string::npos) fs::remove(out_dir / name, ec);
  }
  return "";
}

std::string check_output_location(const fs::path& out_dir, const fs::path& input_dir) {
  std::error_code ec;
  const fs::path out = fs::weakly_canonical(fs::absolute(out_dir, ec), ec);
  const fs::path in = fs::weakly_canonical(fs::absolute(input_dir, ec), ec);
  if (ec || in.empty()) return "";
  auto o = out.begin();
  for (auto i = in.begin(); i != in.end(); ++i, ++o) {
    if (i->empty()) break;  // a trailing separator
    if (o == out.end() || *o != *i) return "";
  }
  return "--out " + out_dir.string() + " is inside the history folder " + input_dir.string() +
         ": Prisma would take it for a migration folder; write the output elsewhere";
}

}  // namespace p2s
