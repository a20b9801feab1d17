#pragma once

// The SQLite session changeset format, field by field (see sqlite3session.h, "CHANGESET FORMAT"):
// varints, typed fields (0x00 undefined, 0x01 int64 and 0x02 double big-endian, 0x03 text and
// 0x04 blob as varint length + bytes, 0x05 NULL), and the encoding of an sqlite3_value into one.
// Used by ChangeRecorder; kept apart because it is the format, not the recording.

#include "simulation/world/sqlitesession.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace dplab::changesetformat {

inline constexpr int kUndefined = 0, kInteger = 1, kReal = 2, kText = 3, kBlob = 4, kNull = 5;

/// SQLite's varint into buf (9 bytes at most); returns its length.
inline std::size_t varint(unsigned char *buf, std::uint64_t v)
{
    // Big-endian groups of 7 bits, high bit = more; a 9th byte carries 8 bits.
    if (v & (0xffull << 56)) {
        buf[8] = static_cast<unsigned char>(v);
        v >>= 8;
        for (int i = 7; i >= 0; --i, v >>= 7)
            buf[i] = static_cast<unsigned char>((v & 0x7f) | 0x80);
        return 9;
    }
    std::size_t n = 1;
    for (std::uint64_t rest = v >> 7; rest; rest >>= 7)
        ++n;
    for (std::size_t i = n; i-- > 0; v >>= 7)
        buf[i] = static_cast<unsigned char>((v & 0x7f) | (i + 1 < n ? 0x80 : 0));
    return n;
}

inline std::size_t getVarint(const unsigned char *p, std::uint64_t *v)
{
    std::uint64_t x = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        x = (x << 7) | (p[i] & 0x7f);
        if (!(p[i] & 0x80)) {
            *v = x;
            return i + 1;
        }
    }
    *v = (x << 8) | p[8];
    return 9;
}

// The encoders below write into ChangeRecorder::Buffer (a template only because that type is
// private to the class).
template <class Buffer> inline void putTyped64(Buffer &out, int type, std::uint64_t v)
{
    unsigned char *p = out.extend(9);
    p[0] = static_cast<unsigned char>(type);
    for (int i = 8; i >= 1; --i) {
        p[i] = static_cast<unsigned char>(v & 0xff);
        v >>= 8;
    }
}

inline std::uint64_t getBigEndian(const unsigned char *p)
{
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i)
        v = (v << 8) | p[i];
    return v;
}

template <class Buffer>
inline void putBytes(Buffer &out, int type, const void *data, std::size_t size)
{
    unsigned char header[10];
    header[0] = static_cast<unsigned char>(type);
    const std::size_t n = 1 + varint(header + 1, size);
    unsigned char *p = out.extend(n + size);
    std::memcpy(p, header, n);
    if (size)
        std::memcpy(p + n, data, size);
}

// realAffinity: an integer in a REAL column comes back as a float from a SELECT, so a new value
// taken from the hook is encoded as one, as a read-back would give it.
template <class Buffer>
inline void putValue(Buffer &out, sqlite3_value *v, bool realAffinity, bool utf8)
{
    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
        if (!realAffinity) {
            putTyped64(out, kInteger, static_cast<std::uint64_t>(sqlite3_value_int64(v)));
            break;
        }
        [[fallthrough]];
    case SQLITE_FLOAT:
        putTyped64(out, kReal, std::bit_cast<std::uint64_t>(sqlite3_value_double(v)));
        break;
    case SQLITE_TEXT: {
        // Text straight from a record is not NUL-terminated: sqlite3_value_text() would copy it
        // into a fresh allocation, sqlite3_value_blob() hands out the bytes as they are.
        const void *text = utf8 ? sqlite3_value_blob(v) : sqlite3_value_text(v);
        putBytes(out, kText, text, static_cast<std::size_t>(sqlite3_value_bytes(v)));
        break;
    }
    case SQLITE_BLOB: {
        const void *blob = sqlite3_value_blob(v);
        putBytes(out, kBlob, blob, static_cast<std::size_t>(sqlite3_value_bytes(v)));
        break;
    }
    default:
        out.push(static_cast<unsigned char>(kNull));
        break;
    }
}

inline std::size_t fieldSize(const unsigned char *p)
{
    switch (p[0]) {
    case kInteger:
    case kReal:
        return 9;
    case kText:
    case kBlob: {
        std::uint64_t n = 0;
        const std::size_t header = 1 + getVarint(p + 1, &n);
        return header + static_cast<std::size_t>(n);
    }
    default:
        return 1;
    }
}

inline int bindField(sqlite3_stmt *stmt, int index, const unsigned char *p)
{
    switch (p[0]) {
    case kInteger:
        return sqlite3_bind_int64(stmt, index, static_cast<sqlite3_int64>(getBigEndian(p + 1)));
    case kReal:
        return sqlite3_bind_double(stmt, index, std::bit_cast<double>(getBigEndian(p + 1)));
    case kText:
    case kBlob: {
        std::uint64_t n = 0;
        const std::size_t header = 1 + getVarint(p + 1, &n);
        const auto *data = reinterpret_cast<const char *>(p + header);
        return p[0] == kText ? sqlite3_bind_text64(stmt, index, data, n, SQLITE_STATIC, SQLITE_UTF8)
                             : sqlite3_bind_blob64(stmt, index, data, n, SQLITE_STATIC);
    }
    default:
        return sqlite3_bind_null(stmt, index);
    }
}

} // namespace dplab::changesetformat
