#pragma once

#include <cstdint>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

namespace dplab {

/**
 * The 64-bit FNV-1a hash (Fowler, Noll, Vo; offset basis 0xcbf29ce484222325, prime
 * 0x100000001b3) of every byte written through it: an output's fingerprint computed while it is
 * written, without keeping the bytes. The same bytes give the same hash on every machine.
 */
class HashStream : public std::streambuf
{
public:
    static constexpr std::uint64_t kOffsetBasis = 0xcbf29ce484222325ULL;
    static constexpr std::uint64_t kPrime = 0x100000001b3ULL;

    HashStream();

    /// Hashes bytes directly, as if written.
    void add(std::string_view bytes);
    std::uint64_t value() const { return m_hash; }
    std::uint64_t bytes() const { return m_bytes; }

    /// The hash of `bytes` at once.
    static std::uint64_t of(std::string_view bytes);
    /// 16 lowercase hex digits, zero-padded.
    static std::string hex(std::uint64_t hash);

protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char *s, std::streamsize n) override;

private:
    std::uint64_t m_hash = kOffsetBasis;
    std::uint64_t m_bytes = 0;
};

} // namespace dplab
