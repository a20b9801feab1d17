#pragma once

#include "patterns/module/patterncontrol.h"

#include <QMap>
#include <QString>
#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QToolButton;

namespace dplab {

class PatternCatalog;
class SimulationDocument;

/**
 * The pattern switches of the open scenario with their key parameters, built from the controls
 * the pattern modules describe (PatternModule::controls): one group per module, its head (a
 * switch or a choice) with a "?" for its explainer, its parameters under it. A change applies
 * the control to a copy of the scenario and hands it to the document, which simulates it again
 * (one command on its undo stack, named for the control: "switch saga to choreography"); when
 * this build refuses it, the refusal is shown inline and the controls go back to the scenario.
 */
class PatternsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit PatternsPanel(SimulationDocument *document, QWidget *parent = nullptr);

    /// The keys of the patterns the panel shows, in display order ("data", "composition", ...).
    static QStringList keys();
    /// A short explainer of a pattern key (the first paragraph of its explainer's Intent).
    static QString description(const QString &key);

    /// The switch of a pattern (nullptr for a pattern whose head is a choice, like "data").
    QCheckBox *switchOf(const QString &key) const;
    /// The widget of a pattern's control, by the control's label ("Dual write", "Poll every";
    /// a choice head by the pattern's title), or nullptr.
    QWidget *controlOf(const QString &key, const QString &label) const;
    /// The "?" beside a pattern's head that asks for its explainer.
    QToolButton *explainButtonOf(const QString &key) const { return m_explainButtons.value(key); }
    /// The last refusal shown inline (empty when the last change was applied).
    QString message() const;

signals:
    /// The "?" of a pattern was clicked: show the explainer of `key` (a key of keys()).
    void explainRequested(const QString &key);

public slots:
    /// Sets every control from the document's scenario (without applying anything).
    void reflect();

private:
    struct Bound
    {
        QString key; ///< the pattern's
        PatternControl control;
        QWidget *widget = nullptr;
        QString changeName; ///< with %1 for the value as shown
    };

    void addPattern(const QString &key, std::vector<PatternControl> controls, QWidget *parent,
                    class QVBoxLayout *column);
    QWidget *makeWidget(const PatternControl &control, QWidget *parent) const;
    QToolButton *addExplainButton(const QString &key, QWidget *parent);
    void connectControl(std::size_t index);
    /// Applies one control's new value to a copy of the scenario and hands it to the document.
    void apply(std::size_t index, int value);
    void showMessage(const QString &text);

    SimulationDocument *m_document;
    QLabel *m_message;
    std::vector<Bound> m_controls;
    QMap<QString, QToolButton *> m_explainButtons;
    bool m_reflecting = false;
};

} // namespace dplab
