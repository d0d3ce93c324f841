// What base/json.h makes of nlohmann::json's assertion: a failed one throws std::logic_error.
#pragma once

namespace p2s {

[[noreturn]] void json_assert_failed(const char* condition);

}  // namespace p2s
