#include "simulation/observe/tracestream.h"

#include "simulation/observe/tracerecorder.h"
#include "simulation/world/world.h"

namespace dplab {

TraceStream::TraceStream(std::ostream &out)
    : m_out(out)
{}

void TraceStream::onEvent(const TraceEvent &event, const World &world)
{
    m_line = traceEventToJson(event, world.names());
    m_line += '\n';
    m_out.write(m_line.data(), static_cast<std::streamsize>(m_line.size()));
    ++m_lines;
    m_bytes += m_line.size();
}

} // namespace dplab
