#include "app/cli/hashstream.h"

namespace dplab {

HashStream::HashStream() = default;

void HashStream::add(std::string_view bytes)
{
    std::uint64_t h = m_hash;
    for (const char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= kPrime;
    }
    m_hash = h;
    m_bytes += bytes.size();
}

std::uint64_t HashStream::of(std::string_view bytes)
{
    HashStream h;
    h.add(bytes);
    return h.value();
}

std::string HashStream::hex(std::uint64_t hash)
{
    static const char kDigits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, hash >>= 4)
        out[static_cast<std::size_t>(i)] = kDigits[hash & 0xf];
    return out;
}

HashStream::int_type HashStream::overflow(int_type c)
{
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
        const char ch = traits_type::to_char_type(c);
        add(std::string_view(&ch, 1));
    }
    return traits_type::not_eof(c);
}

std::streamsize HashStream::xsputn(const char *s, std::streamsize n)
{
    add(std::string_view(s, static_cast<std::size_t>(n)));
    return n;
}

} // namespace dplab
