#pragma once

#include "patterns/scenarioinput.h"
#include "patterns/sweep/sweepspec.h"

#include <QDialog>
#include <QString>

#include <optional>
#include <string>
#include <vector>

class QChartView;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QTableWidget;

namespace dplab {

class SimulationDocument;
class StudyRunner;
class SweepChart;

/**
 * Run > Parameter study...: up to two parameters of the open scenario as "PATH=VALUES" (what
 * dplab-cli sweep's --vary takes; the combos offer the scenario's numbers, durations and
 * switches), the seeds, the metrics and the threads. Run hands the study to a StudyRunner (the
 * CLI's engine, on background threads) and shows its progress; the results are a chart per
 * metric and a table of the points, Save... writes the CLI's files, and a click on a point (a
 * marker or a row) opens that point's first run in the main window through the document.
 */
class StudyDialog : public QDialog
{
    Q_OBJECT

public:
    explicit StudyDialog(SimulationDocument &document, QWidget *parent = nullptr);
    ~StudyDialog() override;

    QComboBox *parameterBox(int index) const { return index == 0 ? m_first : m_second; }
    QSpinBox *seedsBox() const { return m_seeds; }
    QSpinBox *threadsBox() const { return m_threads; }
    QListWidget *metricsList() const { return m_metrics; }
    /// "--set" changes for every run, separated by spaces ("duration=20s").
    QLineEdit *setEdit() const { return m_sets; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *saveButton() const { return m_save; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *progressLabel() const { return m_progressText; }
    QTabWidget *results() const { return m_results; }
    QTableWidget *pointsTable() const { return m_points; }
    StudyRunner *runner() const { return m_runner; }
    /// The message under the setup: why the study cannot run, or what happened.
    QString message() const;
    /// Ticks exactly the metrics named (adding those the list does not offer).
    void setMetrics(const QStringList &metrics);

    /// The study the fields describe, with the open scenario's text in *text; nothing and *why
    /// when a field does not parse or the scenario with the --set changes does not load.
    std::optional<SweepSpec> spec(QString *why, std::string *text) const;
    /// The chart of metric number `metric` of the finished study (nullptr before).
    SweepChart *chart(int metric) const;
    /// The file name the study's files name as the scenario ("queue-lab.json").
    QString studyFile() const;

public slots:
    /// Run: checks the fields, loads every point and starts the study (false: see message()).
    bool startStudy();
    /// Cancel: the runner starts no more runs; the study ends without results.
    void cancelStudy();
    /// Opens the first run of point `point` of the finished study in the main window (one
    /// command on the document's undo stack); false and *error when it cannot.
    bool openPoint(std::size_t point, QString *error = nullptr);
    /// Writes the CLI's files (sweep.json, runs.csv, points.csv, report.md, the charts) into
    /// dir; returns "" or why not.
    QString saveTo(const QString &dir);

signals:
    /// A point's run is about to replace the document's (the window pauses its playback).
    void aboutToOpenRun();

protected:
    void closeEvent(QCloseEvent *event) override;
    void reject() override;

private:
    QWidget *buildSetup();
    void fillChoices();
    void updateCount();
    void setRunning(bool running);
    void onProgress();
    void onFinished(bool complete, const QString &error);
    void showResults();
    void showMessage(const QString &text, bool error);
    void saveDialog();
    void chartClicked(std::size_t line, const QPointF &at);

    SimulationDocument &m_document;
    ScenarioInput m_input;
    StudyRunner *m_runner;
    int m_choicesGeneration = -1;
    QComboBox *m_first = nullptr;
    QComboBox *m_second = nullptr;
    QSpinBox *m_seeds = nullptr;
    QSpinBox *m_threads = nullptr;
    QListWidget *m_metrics = nullptr;
    QLineEdit *m_sets = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_run = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_save = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_progressText = nullptr;
    QTabWidget *m_results = nullptr;
    QTableWidget *m_points = nullptr;
    std::vector<QChartView *> m_charts;
};

} // namespace dplab
