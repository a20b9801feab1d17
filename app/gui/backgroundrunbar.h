#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace dplab {

class SimulationDocument;

/**
 * The status bar's part for a change simulated in the background (a fork at a late playhead):
 * what it is, how far it got, and Cancel. Hidden when the document is not busy.
 */
class BackgroundRunBar : public QWidget
{
    Q_OBJECT

public:
    explicit BackgroundRunBar(SimulationDocument *document, QWidget *parent = nullptr);

    QPushButton *cancelButton() const { return m_cancel; }
    QProgressBar *progressBar() const { return m_progress; }

private:
    void started(const QString &name);
    void finished();

    SimulationDocument *m_document;
    QLabel *m_label;
    QProgressBar *m_progress;
    QPushButton *m_cancel;
};

} // namespace dplab
