#include "app/gui/runcommand.h"

#include <QUndoStack>

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

int RunCommand::position() const
{
    const QUndoStack *stack = m_document->undoStack();
    for (int i = 0; i < stack->count(); ++i)
        if (stack->command(i) == this)
            return i;
    return stack->index();
}

void RunCommand::undo()
{
    const int at = position();
    m_document->swapState(m_other, at + 1, at, SimulationDocument::tr("undo %1").arg(text()));
}

void RunCommand::redo()
{
    if (!m_pushed) {
        m_pushed = true;
        return;
    }
    const int at = position();
    m_document->swapState(m_other, at, at + 1, SimulationDocument::tr("redo %1").arg(text()));
}

} // namespace dplab
