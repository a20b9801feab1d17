#include "app/cli/spilledtrace.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace dplab {

SpilledTrace::SpilledTrace(std::string path)
    : m_path(std::move(path))
    , m_tmp(m_path + ".tmp-" + std::to_string(::getpid()))
{}

SpilledTrace::~SpilledTrace()
{
    if (!m_finished && m_file.is_open()) {
        m_file.close();
        std::remove(m_tmp.c_str());
    }
}

std::string SpilledTrace::open()
{
    // A large buffer: a long run writes gigabytes, a line at a time.
    m_buffer.resize(std::size_t{1} << 20);
    m_file.rdbuf()->pubsetbuf(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
    m_file.open(m_tmp, std::ios::binary | std::ios::trunc);
    if (!m_file)
        return "cannot create " + m_tmp + ": " + std::strerror(errno);
    m_stream = std::make_unique<TraceStream>(m_file);
    return {};
}

std::string SpilledTrace::finish()
{
    m_file.flush();
    const bool ok = static_cast<bool>(m_file);
    m_file.close();
    m_finished = true;
    if (!ok || m_file.fail()) {
        const std::string why = std::strerror(errno);
        std::remove(m_tmp.c_str());
        return "cannot write " + m_tmp + ": " + why;
    }
    if (std::rename(m_tmp.c_str(), m_path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        std::remove(m_tmp.c_str());
        return "cannot replace " + m_path + ": " + why;
    }
    return {};
}

} // namespace dplab
