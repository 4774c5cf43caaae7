// libFuzzer's driver, for harnesses that have a `main` of their own (SwiftPM names the executable's
// entry point, so libFuzzer's `main` cannot be used). Linked by `-sanitize=fuzzer`; only called
// when the harness is built with -DFUZZING.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
