#include "app/gui/classroom/presenterkeys.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QTextEdit>

namespace dplab {

PresenterKeys::PresenterKeys(QWidget *window, QWidget *home)
    : QObject(window)
    , m_window(window)
    , m_home(home)
{
    // From the application, so that the focus widget, whatever it is, is seen before it
    // claims a key (a shortcut override).
    qApp->installEventFilter(this);
}

PresenterKeys::~PresenterKeys()
{
    qApp->removeEventFilter(this);
}

bool PresenterKeys::isTextField(const QWidget *widget)
{
    if (const auto *line = qobject_cast<const QLineEdit *>(widget))
        return !line->isReadOnly();
    if (const auto *text = qobject_cast<const QTextEdit *>(widget))
        return !text->isReadOnly();
    if (const auto *plain = qobject_cast<const QPlainTextEdit *>(widget))
        return !plain->isReadOnly();
    return qobject_cast<const QAbstractSpinBox *>(widget) != nullptr;
}

void PresenterKeys::giveKeysBack()
{
    if (m_home)
        m_home->setFocus(Qt::ShortcutFocusReason);
}

bool PresenterKeys::belongs(const QWidget *widget) const
{
    const QWidget *top = widget->window();
    // A floating dock is a window of its own, still the main window's.
    return top == m_window ||
           (qobject_cast<const QDockWidget *>(top) && top->parentWidget() == m_window);
}

bool PresenterKeys::isPresenterKey(int key, Qt::KeyboardModifiers modifiers) const
{
    const QKeySequence pressed(QKeyCombination(modifiers & ~Qt::KeypadModifier, Qt::Key(key)));
    for (const QAction *a : m_actions)
        if (a->isEnabled())
            for (const QKeySequence &s : a->shortcuts())
                if (s == pressed)
                    return true;
    return false;
}

bool PresenterKeys::eventFilter(QObject *watched, QEvent *event)
{
    const QEvent::Type type = event->type();
    if ((type != QEvent::ShortcutOverride && type != QEvent::KeyPress) || !watched->isWidgetType())
        return false;
    const auto *widget = static_cast<QWidget *>(watched);
    QWidget *focus = QApplication::focusWidget();
    if (!focus || !belongs(widget))
        return false;
    auto *key = static_cast<QKeyEvent *>(event);
    if (isTextField(focus)) {
        // Typing keeps its keys; Escape gives them back (and does nothing else: the field
        // claims it before a shortcut such as Stop Following can).
        if (key->key() == Qt::Key_Escape && widget == focus && key->modifiers() == Qt::NoModifier) {
            if (type == QEvent::ShortcutOverride)
                key->accept();
            else
                giveKeysBack();
            return true;
        }
        if (type == QEvent::KeyPress && widget == focus &&
            (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            focus->property(kGiveBackOnEnter).toBool()) {
            // After the field has taken its Enter (and said whether its text was right).
            QPointer<QWidget> field = focus;
            QMetaObject::invokeMethod(
                this,
                [this, field] {
                    if (field && field->hasFocus() && !field->property(kInputRejected).toBool())
                        giveKeysBack();
                },
                Qt::QueuedConnection);
        }
        return false;
    }
    // Anything else (a table, a list, a button, the canvas) does not claim the presenter's
    // keys: the override is refused, so the shortcut runs.
    if (type == QEvent::ShortcutOverride && isPresenterKey(key->key(), key->modifiers())) {
        key->ignore();
        return true;
    }
    return false;
}

} // namespace dplab
