#pragma once

#include <QList>
#include <QObject>
#include <QPointer>

class QAction;
class QWidget;

namespace dplab {

/**
 * Keeps the presenter's keys (Space, Left, Right, Home, End, Page Up/Down, F5...) working
 * wherever the focus is in a window: a list, a table, a button, a read-only text never takes
 * them. Only a text field being typed into (a line edit, a spin box, an editable text) keeps
 * the keys it edits with; Escape there, or Enter in a field that asks for it (giveKeysBack()),
 * moves the focus to `home` (the canvas), and the keys are the presenter's again.
 *
 * A line edit asks for Enter to give the keys back with the property kGiveBackOnEnter; it
 * keeps them when it sets kInputRejected (its text was wrong, the teacher corrects it).
 */
class PresenterKeys : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *kGiveBackOnEnter = "giveKeysBackOnEnter";
    static constexpr const char *kInputRejected = "inputRejected";

    /// Watches the key events of `window` (and of its floating docks) from the application.
    PresenterKeys(QWidget *window, QWidget *home);
    ~PresenterKeys() override;

    /// The actions whose shortcuts are the presenter's keys.
    void setActions(const QList<QAction *> &actions) { m_actions = actions; }
    /// True for a widget that edits text with its keys (Space, arrows, Home, End).
    static bool isTextField(const QWidget *widget);

public slots:
    /// Focus to the canvas: the presenter's keys are theirs again.
    void giveKeysBack();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool belongs(const QWidget *widget) const;
    bool isPresenterKey(int key, Qt::KeyboardModifiers modifiers) const;

    QWidget *m_window;
    QPointer<QWidget> m_home;
    QList<QAction *> m_actions;
};

} // namespace dplab
