#pragma once

#include <QHash>
#include <QMap>
#include <QString>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;
class QToolButton;

namespace dplab {

class SimulationDocument;
struct Scenario;

/**
 * The pattern switches of the open scenario with their key parameters. A change builds a
 * modified copy of the scenario and hands it to the document, which simulates it again (one
 * command on its undo stack, named for the control: "switch saga to choreography"); when this
 * build refuses it, the refusal is shown inline and the controls go back to the scenario.
 */
class PatternsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit PatternsPanel(SimulationDocument *document, QWidget *parent = nullptr);

    /// The pattern keys in display order ("data", "composition", ...).
    static QStringList keys();
    /// A short explainer of a pattern key (the first paragraph of its explainer's Intent), or
    /// of "dual_write".
    static QString description(const QString &key);

    /// The switch of a pattern (nullptr for "data", which is a choice).
    QCheckBox *switchOf(const QString &key) const { return m_switches.value(key); }
    QComboBox *dataCombo() const { return m_data; }
    /// The order of the two writes without the outbox (enabled only while the outbox is off).
    QComboBox *dualWriteCombo() const { return m_dualWrite; }
    /// The "?" beside a pattern's switch (or beside the data choice) that asks for its explainer.
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
    QWidget *addSwitch(const QString &key, const QString &title, QWidget *parent);
    QToolButton *addExplainButton(const QString &key, QWidget *parent);
    /// Hands the scenario the controls describe to the document, as the change `name`.
    void apply(const QString &name);
    void updateEnabled();
    void showMessage(const QString &text);

    SimulationDocument *m_document;
    QLabel *m_message;
    QComboBox *m_data;
    QMap<QString, QCheckBox *> m_switches;
    QMap<QString, QToolButton *> m_explainButtons;
    QMap<QString, QWidget *> m_parameterBoxes;
    QHash<QObject *, QString> m_changeNames;
    // composition
    QComboBox *m_compositionMode = nullptr;
    QSpinBox *m_compositionTimeout = nullptr;
    QSpinBox *m_compositionRetries = nullptr;
    QSpinBox *m_breakerFailures = nullptr;
    QSpinBox *m_cacheTtl = nullptr;
    // outbox
    QSpinBox *m_outboxPoll = nullptr;
    QSpinBox *m_outboxBatch = nullptr;
    QComboBox *m_dualWrite = nullptr;
    // event sourcing
    QSpinBox *m_snapshotEvery = nullptr;
    // saga
    QComboBox *m_sagaStyle = nullptr;
    QSpinBox *m_sagaTimeout = nullptr;
    // two-phase commit
    QSpinBox *m_tpcTimeout = nullptr;
    bool m_reflecting = false;
};

} // namespace dplab
