#pragma once
// Numbers as people read them in tables and progress lines, the same everywhere.
#include <cstdint>
#include <string>

namespace stride {

// 421834 -> "421,834" (negative numbers keep their sign: "-1,200").
std::string with_commas(std::int64_t v);

// 0.9067 -> "90.67%" (decimals after the point).
std::string percent(double fraction, int decimals = 2);

// Seconds as a clock: "0:42", "12:05", "1:02:03" from an hour on.
std::string clock_time(double seconds);

// Milliseconds since the epoch as the local time, in strftime's `format` ("2026-12-03 15:32").
std::string local_time(std::int64_t ms, const char* format = "%Y-%m-%d %H:%M");

}  // namespace stride
