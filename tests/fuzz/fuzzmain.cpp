// The libFuzzer entry point; DPLAB_FUZZ_TARGET names the function of fuzztargets.h it feeds.
#include "tests/fuzz/fuzztargets.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    dplab::fuzz::DPLAB_FUZZ_TARGET(std::string_view(reinterpret_cast<const char *>(data), size));
    return 0;
}
