#pragma once

#include <QList>
#include <QString>
#include <QWidget>

#include <cstdint>
#include <functional>
#include <map>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;

namespace dplab {

class SimulationDocument;
struct FaultSpec;

/**
 * The fault palette: sliders for the bus's latency, drop, duplicate and reorder (each a live
 * fault that replaces the previous one when the slider moves), and buttons that partition,
 * crash or restart the selected services, rebuild a selected read model, take the bus down and
 * heal everything. Every action is one intervention through the document: a trace event and a
 * command on its undo stack, named for the Edit menu ("crash payments").
 */
class FaultPanel : public QWidget
{
    Q_OBJECT

public:
    enum class Slider { Latency, Drop, Duplicate, Reorder };
    /// Returns the services selected on the canvas (indices).
    using SelectionProvider = std::function<QList<int>()>;

    explicit FaultPanel(SimulationDocument *document, QWidget *parent = nullptr);

    void setSelectionProvider(SelectionProvider provider) { m_selection = std::move(provider); }
    QSlider *slider(Slider which) const;
    QComboBox *latencyShape() const { return m_latencyShape; }
    QDoubleSpinBox *crashFor() const { return m_crashFor; }
    /// "Rebuild read model": enabled while a selected service keeps a read model.
    QPushButton *rebuildButton() const { return m_rebuild; }
    /// The id of the live fault a slider holds, or 0.
    std::uint64_t sliderFault(Slider which) const;
    /// The outcome of the last action (shown inline).
    QString message() const;

public slots:
    void partitionSelected();
    void crashSelected();
    void restartSelected();
    /// Empties the selected read models and replays their topic from offset 0.
    void rebuildSelected();
    /// The selection (or the scenario) changed: enables the buttons that depend on it.
    void selectionChanged();
    void busDown();
    void busUp();
    void healAll();
    /// Puts every slider back to zero without injecting anything (a new run has no faults).
    void resetSliders();

private:
    QWidget *makeSlider(Slider which, const QString &label, int max, const QString &tip);
    void applySlider(Slider which);
    void updateSliderLabel(Slider which);
    QList<int> selection() const;
    /// The selected services that keep a read model (a pattern module says which).
    QList<int> selectedReadModels() const;
    QString serviceName(int index) const;
    void showMessage(const QString &text, bool error = false);
    /// SimulationDocument::intervene(), with a refusal shown inline.
    bool intervene(const QString &name, const std::vector<std::uint64_t> &end,
                   const std::vector<FaultSpec> &inject, std::vector<std::uint64_t> *ids = nullptr);
    /// "orders", "orders and payments", "orders, payments and inventory".
    QString serviceList(const QList<int> &services) const;

    SimulationDocument *m_document;
    SelectionProvider m_selection;
    std::map<Slider, QSlider *> m_sliders;
    std::map<Slider, QLabel *> m_values;
    std::map<Slider, std::uint64_t> m_faults;
    QComboBox *m_latencyShape;
    QDoubleSpinBox *m_crashFor;
    QPushButton *m_rebuild;
    QLabel *m_message;
};

} // namespace dplab
