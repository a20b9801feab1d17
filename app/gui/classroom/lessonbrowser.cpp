#include "app/gui/classroom/lessonbrowser.h"

#include "app/gui/windowplacement.h"

#include "app/gui/canvas/canvasview.h"
#include "app/gui/simulationdocument.h"
#include "patterns/scenarioinput.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QHBoxLayout>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace dplab {

namespace {

constexpr int kPathRole = Qt::UserRole;
constexpr int kDoneRole = Qt::UserRole + 1;
const QSize kThumbnail(240, 150);

/// The order a course would take them in; lessons not listed follow by name.
const char *const kTeachingOrder[] = {"queue-lab",
                                      "hockey-stick",
                                      "shared-vs-per-service",
                                      "schema-change-coupling",
                                      "api-composition",
                                      "replication",
                                      "cqrs-lag",
                                      "outbox-vs-dual-write",
                                      "outbox-poll",
                                      "duplicates-and-idempotency",
                                      "event-sourcing",
                                      "saga-orchestration",
                                      "saga-choreography",
                                      "two-phase-commit-vs-saga"};

QString readText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

} // namespace

QStringList LessonBrowser::lessonPaths()
{
    const QString dir = QStringLiteral(":/lessons/library");
    QStringList names = QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QStringList out;
    for (const char *name : kTeachingOrder) {
        const QString file = QString::fromLatin1(name) + ".json";
        if (names.removeOne(file))
            out << dir + "/" + file;
    }
    for (const QString &file : names)
        out << dir + "/" + file;
    return out;
}

LessonBrowser::LessonBrowser(QWidget *parent)
    : QDialog(parent)
    , m_list(new QListWidget(this))
    , m_details(new QTextBrowser(this))
{
    setWindowTitle(tr("Lessons"));
    setObjectName("lessonBrowser");
    m_list->setIconSize(kThumbnail);
    m_list->setSpacing(4);
    m_list->setWordWrap(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setMinimumWidth(kThumbnail.width() + 260);
    QFont big = m_list->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    big.setBold(true);
    m_list->setFont(big);
    m_details->setOpenExternalLinks(false);
    QFont text = m_details->font();
    text.setPointSizeF(std::max<qreal>(11.0, text.pointSizeF() * 1.1));
    m_details->setFont(text);
    m_details->document()->setDocumentMargin(14);

    int n = 0;
    const ScenarioInput input;
    for (const QString &path : lessonPaths()) {
        const std::string source = readText(path).toStdString();
        LoadResult r = input.loadText(source, QFileInfo(path).fileName().toStdString());
        ++n;
        const QString title =
            r.ok() ? QString::fromStdString(r.scenario->name) : QFileInfo(path).baseName();
        auto *item = new QListWidgetItem(QStringLiteral("%1. %2").arg(n).arg(title), m_list);
        item->setData(kPathRole, path);
        item->setData(kDoneRole, false);
        QPixmap blank(kThumbnail);
        blank.fill(QColor(0xf4, 0xf6, 0xf8));
        item->setIcon(QIcon(blank));
        if (r.ok()) {
            QString md = QStringLiteral("# %1\n\n").arg(title);
            md += QString::fromStdString(r.scenario->description);
            int pauses = 0;
            for (const auto &c : r.scenario->narrative)
                pauses += c.pause ? 1 : 0;
            md += tr("\n\n---\n\n*%1 s of simulated time · %2 captions, %3 of them \"predict, then "
                     "reveal\" pauses · %4 checks at the end.*")
                      .arg(static_cast<double>(r.scenario->duration) / kSecond)
                      .arg(r.scenario->narrative.size())
                      .arg(pauses)
                      .arg(r.scenario->expect.size());
            item->setData(Qt::UserRole + 2, md);
        }
    }

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &LessonBrowser::choose);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::currentItemChanged, this, &LessonBrowser::showDetails);
    connect(m_list, &QListWidget::itemActivated, this, &LessonBrowser::choose);

    auto *row = new QHBoxLayout;
    row->addWidget(m_list, 2);
    row->addWidget(m_details, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row, 1);
    layout->addWidget(buttons);
    fitOnScreen(this, QSize(1180, 720));
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    // Pictures come one per event-loop turn, so the dialog shows at once.
    QTimer::singleShot(0, this, &LessonBrowser::drawNextThumbnail);
}

void LessonBrowser::showDetails(QListWidgetItem *item)
{
    m_details->setMarkdown(item ? item->data(Qt::UserRole + 2).toString() : QString());
}

void LessonBrowser::choose()
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    emit lessonChosen(item->data(kPathRole).toString());
    accept();
}

void LessonBrowser::drawNextThumbnail()
{
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem *item = m_list->item(i);
        if (item->data(kDoneRole).toBool())
            continue;
        item->setData(kDoneRole, true);
        // The lesson's own canvas after a second of play, scaled down.
        SimulationDocument doc;
        QString error;
        const QString path = item->data(kPathRole).toString();
        QFile f(path);
        if (f.open(QIODevice::ReadOnly) && doc.loadText(f.readAll(), path, &error)) {
            doc.advanceTo(kSecond);
            CanvasView view(&doc);
            view.resize(960, 600);
            view.fitAll();
            view.refresh();
            const QPixmap shot =
                view.grab().scaled(kThumbnail, Qt::KeepAspectRatio, Qt::SmoothTransformation);
            QPixmap framed(kThumbnail);
            framed.fill(Qt::white);
            QPainter p(&framed);
            p.drawPixmap((kThumbnail.width() - shot.width()) / 2,
                         (kThumbnail.height() - shot.height()) / 2, shot);
            p.setPen(QColor(0xae, 0xc6, 0xde));
            p.drawRect(framed.rect().adjusted(0, 0, -1, -1));
            p.end();
            item->setIcon(QIcon(framed));
        }
        ++m_thumbnailsDone;
        QTimer::singleShot(0, this, &LessonBrowser::drawNextThumbnail);
        return;
    }
}

void LessonBrowser::drawAllThumbnails()
{
    while (m_thumbnailsDone < m_list->count()) {
        const int before = m_thumbnailsDone;
        drawNextThumbnail();
        if (m_thumbnailsDone == before)
            break;
    }
}

} // namespace dplab
