#pragma once
// A non-owning reference to a callable (what C++26 names std::function_ref), for callbacks that
// run inside the call that receives them: unlike std::function it never allocates, and a lambda
// capturing more than two references would (libstdc++ keeps only 16 bytes in place), which the
// training loop's no-allocation guarantee does not allow.
#include <type_traits>
#include <utility>

namespace stride::nn {

template <class Signature>
class FunctionRef;

template <class R, class... Args>
class FunctionRef<R(Args...)> {
 public:
  template <class F, class = std::enable_if_t<!std::is_same_v<std::decay_t<F>, FunctionRef>>>
  FunctionRef(F&& f)  // NOLINT: implicit, as std::function's constructor
      : object_(const_cast<void*>(static_cast<const void*>(std::addressof(f)))),
        call_([](void* o, Args... args) -> R {
          return (*static_cast<std::remove_reference_t<F>*>(o))(std::forward<Args>(args)...);
        }) {}

  R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

 private:
  void* object_;
  R (*call_)(void*, Args...);
};

}  // namespace stride::nn
