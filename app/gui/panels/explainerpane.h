#pragma once

#include <QStringList>
#include <QWidget>

class QComboBox;
class QTextBrowser;
class QToolButton;
class QUrl;

namespace dplab {

/**
 * The help pane of the patterns: one explainer at a time (intent, when to use it, trade-offs,
 * what to watch in the animation, an experiment to try), picked in a combo box or reached by a
 * link from another explainer, in a type size that reads on a projector.
 */
class ExplainerPane : public QWidget
{
    Q_OBJECT

public:
    explicit ExplainerPane(QWidget *parent = nullptr);

    /// The key shown now ("outbox"), empty before the first showPattern.
    QString currentKey() const { return m_key; }
    QTextBrowser *browser() const { return m_browser; }
    QComboBox *picker() const { return m_picker; }
    QToolButton *backButton() const { return m_back; }
    /// The point size of the body text now.
    double bodyPoints() const;

public slots:
    /// Shows the explainer of a pattern key (PatternsPanel::keys()); an unknown key is ignored.
    void showPattern(const QString &key);
    /// Goes back to the explainer shown before the last link or choice.
    void back();

signals:
    void patternShown(const QString &key);

protected:
    void changeEvent(QEvent *event) override;

private:
    void display(const QString &key, bool remember);
    void render();
    void followLink(const QUrl &url);

    QComboBox *m_picker;
    QToolButton *m_back;
    QTextBrowser *m_browser;
    QString m_key;
    QStringList m_history;
};

} // namespace dplab
