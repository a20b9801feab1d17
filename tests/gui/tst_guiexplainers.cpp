// The pattern explainers: one resource per pattern key with its five sections and a length a
// student reads in a minute or two, the help pane that renders them (large enough for a
// projector, links between explainers followed), and the "?" of the patterns panel.
// Run with QT_QPA_PLATFORM=offscreen.

#include "app/gui/panels/explainerpane.h"
#include "app/gui/panels/explainers.h"
#include "app/gui/panels/patternspanel.h"
#include "app/gui/simulationdocument.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QToolButton>
#include <QtTest>

#include <memory>

using namespace dplab;

namespace {

/// The words of an explainer as a reader sees them: rendered, so link targets and markup
/// do not count; a word has at least one letter or digit ("·" and "↩" are not words).
int renderedWords(const QString &markdown)
{
    QTextDocument doc;
    doc.setMarkdown(markdown, QTextDocument::MarkdownDialectGitHub);
    static const QRegularExpression word(QStringLiteral("[\\p{L}\\p{N}]"));
    int n = 0;
    for (const QString &token :
         doc.toPlainText().split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts))
        if (token.contains(word))
            ++n;
    return n;
}

/// The share of pixels that differ clearly from the most common colour (the background).
double inkRatio(const QImage &image)
{
    QHash<QRgb, int> counts;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2)
            ++counts[image.pixel(x, y)];
    QRgb background = 0;
    int most = -1;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        if (it.value() > most) {
            most = it.value();
            background = it.key();
        }
    int ink = 0, total = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) {
            const QRgb p = image.pixel(x, y);
            ++total;
            if (std::abs(qGray(p) - qGray(background)) > 60)
                ++ink;
        }
    return total ? double(ink) / total : 0.0;
}

std::unique_ptr<SimulationDocument> lesson(const char *file)
{
    auto doc = std::make_unique<SimulationDocument>();
    QString error;
    if (!doc->loadFile(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/") + QLatin1String(file),
                       &error))
        qFatal("cannot load %s: %s", file, qPrintable(error));
    return doc;
}

} // namespace

class TestGuiExplainers : public QObject
{
    Q_OBJECT

private slots:
    void everyPatternHasAnExplainerWithItsSections()
    {
        const QStringList headings = Explainers::sectionTitles();
        QCOMPARE(headings, (QStringList{"Intent", "Use it when", "Trade-offs",
                                        "Watch in the animation", "Try this"}));
        for (const QString &key : PatternsPanel::keys()) {
            const QString md = Explainers::markdown(key);
            QVERIFY2(!md.isEmpty(), qPrintable(key));
            QVERIFY2(md.startsWith(QLatin1String("# ")), qPrintable(key));
            QVERIFY2(!Explainers::title(key).isEmpty(), qPrintable(key));
            // Every section, once, in this order, and not empty.
            qsizetype last = -1;
            for (const QString &h : headings) {
                const QString line = QStringLiteral("\n## ") + h + QLatin1Char('\n');
                QCOMPARE(md.count(line), 1);
                const qsizetype at = md.indexOf(line);
                QVERIFY2(at > last, qPrintable(key + ": " + h + " out of order"));
                last = at;
                QVERIFY2(Explainers::section(key, h).size() > 40, qPrintable(key + ": " + h));
            }
            QCOMPARE(md.count(QRegularExpression(QStringLiteral("^## "),
                                                 QRegularExpression::MultilineOption)),
                     headings.size());
            const int words = renderedWords(md);
            QVERIFY2(words >= 150 && words <= 300,
                     qPrintable(QStringLiteral("%1: %2 words").arg(key).arg(words)));
            // The lesson that shows it is named, and it exists.
            const QRegularExpression lessonRef(QStringLiteral("scenarios/([a-z0-9-]+\\.json)"));
            const QString tryThis = Explainers::section(key, QStringLiteral("Try this"));
            auto it = lessonRef.globalMatch(tryThis);
            QVERIFY2(it.hasNext(), qPrintable(key + ": Try this names no lesson"));
            while (it.hasNext()) {
                const QString file = it.next().captured(1);
                QVERIFY2(QFile::exists(QStringLiteral(DPLAB_SOURCE_DIR "/scenarios/") + file),
                         qPrintable(key + ": " + file));
            }
        }
        // No explainer without a pattern key.
        const QStringList files = QDir(QStringLiteral(":/explainers")).entryList(QDir::Files);
        QCOMPARE(files.size(), PatternsPanel::keys().size());
        for (const QString &f : files)
            QVERIFY2(PatternsPanel::keys().contains(f.chopped(3)), qPrintable(f));
        QVERIFY(Explainers::markdown(QStringLiteral("nope")).isEmpty());
        QVERIFY(Explainers::markdown(QStringLiteral("../dplab")).isEmpty());
    }

    void descriptionIsTheIntent()
    {
        for (const QString &key : PatternsPanel::keys()) {
            const QString d = PatternsPanel::description(key);
            QVERIFY2(d.size() > 60, qPrintable(key));
            QVERIFY2(!d.contains(QLatin1Char('`')) && !d.contains(QLatin1String("**")) &&
                         !d.contains(QLatin1String("](")),
                     qPrintable(key + ": markup in " + d));
            QCOMPARE(d, Explainers::intent(key));
            QVERIFY(
                Explainers::plain(Explainers::section(key, "Intent")).simplified().startsWith(d));
        }
        QCOMPARE(Explainers::intent(QStringLiteral("outbox")).left(38),
                 QStringLiteral("Make a change and the event that annou"));
    }

    void paneRendersEveryExplainer()
    {
        ExplainerPane pane;
        pane.resize(760, 900);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QCOMPARE(pane.picker()->count(), PatternsPanel::keys().size());
        QVERIFY(pane.bodyPoints() >= 11);
        const QByteArray grabDir = qgetenv("DPLAB_GRAB_DIR");
        for (const QString &key : PatternsPanel::keys()) {
            pane.showPattern(key);
            QCOMPARE(pane.currentKey(), key);
            QCOMPARE(pane.picker()->currentData().toString(), key);
            const QTextDocument *doc = pane.browser()->document();
            QVERIFY(!doc->isEmpty());
            QVERIFY(doc->defaultFont().pointSizeF() >= 11);
            const QString text = doc->toPlainText();
            QVERIFY2(text.startsWith(Explainers::title(key)), qPrintable(key));
            for (const QString &h : Explainers::sectionTitles())
                QVERIFY2(text.contains(QLatin1Char('\n') + h + QLatin1Char('\n')),
                         qPrintable(key + ": " + h));
            // Headings are headings, not "## Intent" as text.
            QVERIFY(!text.contains(QLatin1String("##")));
            QCOMPARE(doc->firstBlock().blockFormat().headingLevel(), 1);
            // The title and the section headings stand out from the body text.
            const QFont title = doc->firstBlock().begin().fragment().charFormat().font();
            QVERIFY2(title.pointSizeF() >= pane.bodyPoints() * 1.4, qPrintable(title.toString()));
            QVERIFY(title.bold());
            QCOMPARE(pane.windowTitle(), Explainers::title(key));
            QCoreApplication::processEvents();
            const QImage image = pane.grab().toImage();
            const double ink = inkRatio(image);
            QVERIFY2(ink > 0.02 && ink < 0.5,
                     qPrintable(QStringLiteral("%1: ink %2").arg(key).arg(ink)));
            if (!grabDir.isEmpty())
                image.save(QString::fromLocal8Bit(grabDir) +
                           QStringLiteral("/explainer-%1.png").arg(key));
        }
        // An unknown key changes nothing.
        pane.showPattern(QStringLiteral("no_such_pattern"));
        QCOMPARE(pane.currentKey(), PatternsPanel::keys().back());
    }

    void pickerChoosesThePattern()
    {
        ExplainerPane pane;
        QSignalSpy shown(&pane, &ExplainerPane::patternShown);
        const int index = pane.picker()->findData(QStringLiteral("saga"));
        QVERIFY(index >= 0);
        QCOMPARE(pane.picker()->itemText(index), Explainers::title("saga"));
        emit pane.picker()->activated(index);
        QCOMPARE(pane.currentKey(), QStringLiteral("saga"));
        QCOMPARE(shown.count(), 1);
        QCOMPARE(shown.front().front().toString(), QStringLiteral("saga"));
        QVERIFY(
            pane.browser()->document()->toPlainText().contains(QStringLiteral("compensations")));
    }

    void internalLinksLeadToExplainers()
    {
        ExplainerPane pane;
        int links = 0;
        QSet<QString> reached;
        for (const QString &key : PatternsPanel::keys()) {
            // As written: every link is "<key>.md" of another existing explainer.
            for (const QString &target : Explainers::linkTargets(key)) {
                const QString to = Explainers::keyOfLink(QUrl(target));
                QVERIFY2(!to.isEmpty() && PatternsPanel::keys().contains(to),
                         qPrintable(key + " links to " + target));
                QVERIFY2(to != key, qPrintable(key + " links to itself"));
            }
            // As rendered: every anchor of the document, clicked, shows its explainer, and Back
            // returns.
            pane.showPattern(key);
            QStringList hrefs;
            for (QTextBlock b = pane.browser()->document()->begin(); b.isValid(); b = b.next())
                for (auto it = b.begin(); !it.atEnd(); ++it)
                    if (it.fragment().charFormat().isAnchor())
                        hrefs << it.fragment().charFormat().anchorHref();
            QCOMPARE(hrefs.size(), Explainers::linkTargets(key).size());
            for (const QString &href : hrefs) {
                const QString to = Explainers::keyOfLink(QUrl(href));
                emit pane.browser()->anchorClicked(QUrl(href));
                QCOMPARE(pane.currentKey(), to);
                QVERIFY(pane.backButton()->isEnabled());
                pane.back();
                QCOMPARE(pane.currentKey(), key);
                reached << to;
                ++links;
            }
        }
        QVERIFY(links >= PatternsPanel::keys().size());
        QVERIFY(reached.size() >= 6);
        // Links out of the program are not explainers.
        QVERIFY(
            Explainers::keyOfLink(QUrl(QStringLiteral("https://example.org/outbox.md"))).isEmpty());
        QVERIFY(Explainers::keyOfLink(QUrl(QStringLiteral("../outbox.md"))).isEmpty());
        QCOMPARE(Explainers::keyOfLink(QUrl(QStringLiteral("saga.md"))), QStringLiteral("saga"));
    }

    void questionMarkAsksForTheExplainer()
    {
        auto doc = lesson("cqrs-lag.json");
        PatternsPanel panel(doc.get());
        panel.resize(420, 900);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        ExplainerPane pane;
        // What the main window wires.
        connect(&panel, &PatternsPanel::explainRequested, &pane, &ExplainerPane::showPattern);
        QSignalSpy spy(&panel, &PatternsPanel::explainRequested);
        const std::string enabled = doc->catalog().writePatterns(doc->scenario().patterns).dump();
        for (const QString &key : PatternsPanel::keys()) {
            QToolButton *button = panel.explainButtonOf(key);
            QVERIFY2(button, qPrintable(key));
            QCOMPARE(button->text(), QStringLiteral("?"));
            QCOMPARE(button->toolTip(), QStringLiteral("What is this pattern?"));
            button->ensurePolished();
            QVERIFY2(button->isVisibleTo(&panel), qPrintable(key));
            spy.clear();
            QTest::mouseClick(button, Qt::LeftButton);
            QCOMPARE(spy.count(), 1);
            QCOMPARE(spy.front().front().toString(), key);
            QCOMPARE(pane.currentKey(), key);
        }
        if (const QByteArray dir = qgetenv("DPLAB_GRAB_DIR"); !dir.isEmpty())
            panel.grab().save(QString::fromLocal8Bit(dir) + QStringLiteral("/patterns-panel.png"));
        // Asking is not switching: the scenario is untouched.
        QCOMPARE(doc->catalog().writePatterns(doc->scenario().patterns).dump(), enabled);
        QVERIFY(panel.message().isEmpty());
        // The switches keep the short explainer as their tooltip.
        QVERIFY(panel.switchOf(QStringLiteral("outbox"))
                    ->toolTip()
                    .contains(PatternsPanel::description(QStringLiteral("outbox")).left(30)));
    }
};

QTEST_MAIN(TestGuiExplainers)
#include "tst_guiexplainers.moc"
