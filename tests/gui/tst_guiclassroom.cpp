// Running a class: captions, Next at pauses, presentation mode.

#include "tests/support/guitestsupport.h"

#include "app/gui/canvas/canvasview.h"
#include "app/gui/classroom/captionbar.h"
#include "app/gui/classroom/lessonbrowser.h"
#include "app/gui/classroom/presenter.h"
#include "app/gui/mainwindow.h"
#include "app/gui/playback.h"

#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QListWidget>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTextBrowser>

using namespace dplab;

namespace {

QString lesson(const char *name)
{
    return QString(DPLAB_SOURCE_DIR "/scenarios/%1.json").arg(name);
}

/// Plays frames until playback stops (a pause mark, a run-until target, the end).
void playUntilStopped(MainWindow &w, int maxFrames = 5000)
{
    for (int i = 0; i < maxFrames && w.playback()->isPlaying(); ++i)
        w.playback()->frame();
}

} // namespace

/** Tests of the caption bar, Next and presentation mode. */
class TestGuiClassroom : public QObject
{
    Q_OBJECT

public:
    TestGuiClassroom() { Q_INIT_RESOURCE(dplab); }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("dplab-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_guiclassroom"));
        QSettings().clear();
    }

    void nextWaitsAtPausesAndPlaysToTheNextCaption()
    {
        MainWindow w;
        QVERIFY(w.openFile(lesson("cqrs-lag")));
        Presenter *p = w.presenter();
        const auto &narrative = w.document()->scenario().narrative;
        QVERIFY(narrative.size() >= 4 && narrative[0].pause && !narrative[1].pause);
        w.playback()->setSpeed(Playback::kMaxSpeed);

        // The first caption (at 0 s) is a "predict" pause: the lesson opens waiting on it.
        QVERIFY(p->waitingAtPause());
        QCOMPARE(p->captionIndex(), 0);
        QVERIFY(w.captionBar()->isVisibleTo(&w));
        QVERIFY(w.captionBar()->waiting());
        QVERIFY(w.captionBar()->text().contains(QStringLiteral("predict, then Next")));

        // Next reveals: playing resumes, the pause note goes.
        p->next();
        QVERIFY(w.playback()->isPlaying());
        QVERIFY(!p->waitingAtPause());
        QVERIFY(!w.captionBar()->text().contains(QStringLiteral("predict, then Next")));
        w.playback()->pause();

        // Next from an ordinary moment plays on to the next caption and stops there.
        const SimTime second = narrative[1].at;
        if (w.document()->now() < second) {
            QTest::keyClick(&w, Qt::Key_PageDown);
            p->next(); // (the key works when the window has focus; the slot always does)
            playUntilStopped(w);
            QCOMPARE(w.document()->now(), second);
            QCOMPARE(p->captionIndex(), 1);
            QCOMPARE(w.narration(), QString::fromStdString(narrative[1].text));
        }
        // Playing on stops at the next "predict" caption (19 s) and waits there.
        w.playback()->play();
        playUntilStopped(w);
        QVERIFY(p->waitingAtPause());
        QCOMPARE(w.document()->now(), narrative[2].at);
        QCOMPARE(p->captionIndex(), 2);
        // Back in the recording, Next plays the recording forward to the next caption (it
        // never jumps: the class sees what the caption is about).
        w.document()->seekTime(narrative[1].at + kSecond);
        QVERIFY(!p->waitingAtPause());
        p->next();
        QVERIFY(w.playback()->isPlaying());
        playUntilStopped(w);
        QCOMPARE(w.document()->now(), narrative[2].at);
        QCOMPARE(p->captionIndex(), 2);
        QVERIFY(p->waitingAtPause());
    }

    void presentationModeHidesThePanelsAndComesBack()
    {
        MainWindow w;
        w.resize(1280, 720);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.openFile(lesson("cqrs-lag")));
        QList<QDockWidget *> shown;
        for (QDockWidget *d : w.findChildren<QDockWidget *>())
            if (d->isVisible())
                shown << d;
        QVERIFY(shown.size() >= 4);
        QLabel *text = w.captionBar()->findChild<QLabel *>(QStringLiteral("narration"));
        QVERIFY(text);
        const qreal normalSize = text->font().pointSizeF();

        w.presenter()->setPresenting(true);
        QApplication::processEvents();
        for (QDockWidget *d : w.findChildren<QDockWidget *>())
            QVERIFY2(!d->isVisible(), qPrintable(d->objectName()));
        // Large type; a long caption is set smaller to keep the bar's height, but never below
        // kSmallest of it.
        QVERIFY(text->font().pointSizeF() >= 22 * CaptionBar::kSmallest);
        QVERIFY(text->font().pointSizeF() > normalSize);
        // The canvas gets the room: most of a 1280x720 window, which it fits in.
        w.resize(1280, 720);
        QApplication::processEvents();
        QVERIFY2(w.width() == 1280, qPrintable(QString::number(w.width())));
        QVERIFY(w.canvas()->width() > 1100);
        if (qEnvironmentVariableIsSet("DPLAB_SCREENSHOTS")) {
            w.playback()->setSpeed(Playback::kMaxSpeed);
            w.document()->advanceTo(21 * kSecond);
            w.canvas()->refresh();
            QApplication::processEvents();
            w.grab().save(qEnvironmentVariable("DPLAB_SCREENSHOTS") + "/presentation.png");
        }

        w.presenter()->setPresenting(false);
        QApplication::processEvents();
        for (QDockWidget *d : shown)
            QVERIFY2(d->isVisible(), qPrintable(d->objectName()));
        // Back to the normal type (12.5 pt, or smaller for a long caption in a narrow bar).
        QTRY_VERIFY(text->font().pointSizeF() <= 12.5);
    }

    void theLessonBrowserListsEveryLessonAndOpensOne()
    {
        // Every lesson file of scenarios/ is built in, in teaching order.
        const QStringList files = QDir(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios"))
                                      .entryList({QStringLiteral("*.json")}, QDir::Files);
        const QStringList paths = LessonBrowser::lessonPaths();
        QCOMPARE(paths.size(), files.size() - 1); // all but schema.json
        QVERIFY(paths.size() >= 12);
        QVERIFY(paths.front().endsWith(QStringLiteral("queue-lab.json")));
        QVERIFY(paths.back().endsWith(QStringLiteral("two-phase-commit-vs-saga.json")));

        MainWindow w;
        QVERIFY(w.openDefaultLesson());
        LessonBrowser *browser = w.showLessons();
        QCOMPARE(browser->list()->count(), paths.size());
        browser->list()->setCurrentRow(5);
        const QString details = browser->details()->toPlainText();
        QVERIFY2(details.contains(QStringLiteral("captions")), qPrintable(details));
        QVERIFY(details.size() > 200);
        browser->drawAllThumbnails();
        QCOMPARE(browser->thumbnailsDone(), paths.size());
        // A thumbnail is the lesson's canvas, not a blank: several colours in it.
        const QImage thumb = browser->list()->item(5)->icon().pixmap(QSize(240, 150)).toImage();
        QSet<QRgb> colours;
        for (int y = 0; y < thumb.height(); y += 3)
            for (int x = 0; x < thumb.width(); x += 3)
                colours.insert(thumb.pixel(x, y));
        QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
        if (qEnvironmentVariableIsSet("DPLAB_SCREENSHOTS")) {
            browser->resize(1180, 720);
            browser->grab().save(qEnvironmentVariable("DPLAB_SCREENSHOTS") + "/lessons.png");
        }
        // Open: the chosen lesson replaces the current one.
        const QString expected = QFileInfo(paths[5]).fileName();
        emit browser->list()->itemActivated(browser->list()->item(5));
        QCOMPARE(w.document()->scenario().sourceName, expected.toStdString());
    }

    void aLessonWithoutNarrationHasNoCaptionBar()
    {
        MainWindow w;
        QVERIFY(w.openFile(lesson("schema-change-coupling")));
        QVERIFY(w.captionBar()->isVisibleTo(&w) == !w.document()->scenario().narrative.empty());
        auto doc = test::load(R"({"dplab": 1, "name": "plain", "duration": "1s",
            "services": [{"name": "a", "workers": 1, "processing": "1ms"}],
            "workload": [{"operation": "request", "target": "a", "rate": 10}]})");
        QString error;
        QVERIFY(w.document()->loadText(doc->sourceText(), "plain.json", &error));
        QVERIFY(!w.captionBar()->isVisibleTo(&w));
        QCOMPARE(w.narration(), QString());
    }
};

QTEST_MAIN(TestGuiClassroom)
#include "tst_guiclassroom.moc"
