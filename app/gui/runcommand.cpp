#include "app/gui/runcommand.h"

namespace dplab {

RunCommand::RunCommand(SimulationDocument *document, const QString &text,
                       SimulationDocument::RunState other)
    : QUndoCommand(text)
    , m_document(document)
    , m_other(std::move(other))
{}

RunCommand::~RunCommand()
{
    m_document->forgetRun(m_other.id);
}

void RunCommand::undo()
{
    m_document->swapState(m_other);
}

void RunCommand::redo()
{
    if (!m_pushed) {
        m_pushed = true;
        return;
    }
    m_document->swapState(m_other);
}

} // namespace dplab
