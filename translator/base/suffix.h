// Replacing the end of a text: an object's DROP or COMMENT target ends with its key.
#pragma once

#include <string>

namespace p2s {

// Replaces the end of `text` when it is `old_end`; returns whether it did.
inline bool swap_suffix(std::string& text, const std::string& old_end, const std::string& new_end) {
  if (text.size() < old_end.size() ||
      text.compare(text.size() - old_end.size(), old_end.size(), old_end) != 0)
    return false;
  text.replace(text.size() - old_end.size(), old_end.size(), new_end);
  return true;
}

}  // namespace p2s
