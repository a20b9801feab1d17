#pragma once

#include "app/gui/simulationdocument.h"

#include <QUndoCommand>

namespace dplab {

/**
 * One change of the document's run on its undo stack ("crash payments"). The document makes the
 * change before it pushes the command; the command holds the state of the other run, the one
 * that undo (or redo) brings back, and both swap it with the document's current run.
 */
class RunCommand : public QUndoCommand
{
public:
    RunCommand(SimulationDocument *document, const QString &text,
               SimulationDocument::RunState other);
    ~RunCommand() override;

    void undo() override;
    void redo() override;

private:
    /// This command's index on the stack.
    int position() const;

    SimulationDocument *m_document;
    SimulationDocument::RunState m_other;
    bool m_pushed = false; ///< the first redo() is the push: the change is made already
};

} // namespace dplab
