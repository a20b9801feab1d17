#pragma once

#include <QDialog>
#include <QPointer>

class QLabel;
class QPlainTextEdit;

namespace dplab {

class CompareWindow;
class PatternsPanel;
class SimulationDocument;

/**
 * File > Compare...: defines variant B of the open scenario (variant A is the scenario as it
 * runs): the pattern switches and their parameters, and "PATH=VALUE" lines as dplab-cli
 * compare's --set takes them. Compare opens the comparison window; a change that does not
 * load or build is shown in the dialog, which stays open with everything typed.
 */
class CompareDialog : public QDialog
{
    Q_OBJECT

public:
    CompareDialog(const SimulationDocument &document, QWidget *parent = nullptr);
    ~CompareDialog() override;

    /// Opens a comparison of `document` (A) with B = A changed by `overrideLines` (and
    /// `patternsOfB`, when given: B's whole "patterns" object); returns nullptr and *error when
    /// a line is not PATH=VALUE or a variant cannot run. The window is shown by the caller.
    static CompareWindow *compare(const SimulationDocument &document, const QString &overrideLines,
                                  QWidget *windowParent, QString *error,
                                  const SimulationDocument *patternsOfB = nullptr);

    PatternsPanel *patternsPanel() const { return m_patterns; }
    QPlainTextEdit *overridesEdit() const { return m_overrides; }
    /// The message shown for the last refused Compare (empty when none).
    QString errorText() const;
    /// The comparison window opened by the last accepted Compare.
    CompareWindow *comparisonWindow() const;

public slots:
    /// Compare: opens (and shows) the window and closes the dialog, or shows why it cannot.
    void accept() override;

private:
    const SimulationDocument &m_document;
    SimulationDocument *m_scratch; ///< A's scenario, edited into B's patterns by the panel
    PatternsPanel *m_patterns = nullptr;
    QPlainTextEdit *m_overrides;
    QLabel *m_error;
    QPointer<CompareWindow> m_window;
};

} // namespace dplab
