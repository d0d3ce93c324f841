// std::visit over a closed set with one lambda per alternative.
#pragma once

namespace p2s {

template <typename... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace p2s
