// LeakSanitizer's suppressions, built into every binary that links the pipeline (p2s, and the
// converter itself), so a sanitized build needs no LSAN_OPTIONS: `ctest` in build-asan works as it
// is. Third-party code only.
//
// libpg_query 15's raw parser strdup()s a couple of bytes it never frees when
// pg_query_parse_plpgsql parses a DO block body (found by fuzz_convert on a guarded DO block; 2
// bytes in 2 allocations).
extern "C" const char* __lsan_default_suppressions();  // NOLINT: the sanitizer runtime's hook

extern "C" const char* __lsan_default_suppressions() {
  return "leak:pg_query_raw_parse\n";
}
