#include "app/gui/panels/explainerpane.h"

#include "app/gui/panels/explainers.h"
#include "app/gui/panels/patternspanel.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QTextDocument>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace dplab {

namespace {

// Readable from the back of a room: body text at 12.5 pt or more, headings larger, generous
// leading.
constexpr double kMinBodyPoints = 12.5;
constexpr double kDocumentMargin = 22;
const QColor kInk(0x1f, 0x29, 0x33);
const QColor kHeading(0x1d, 0x4e, 0x89);
const QColor kCodeBackground(0xec, 0xf0, 0xf5);
const QColor kLink(0x0b, 0x5c, 0xad);

} // namespace

ExplainerPane::ExplainerPane(QWidget *parent)
    : QWidget(parent)
    , m_picker(new QComboBox(this))
    , m_back(new QToolButton(this))
    , m_browser(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("explainerPane"));
    for (const QString &key : PatternsPanel::keys())
        if (!Explainers::markdown(key).isEmpty())
            m_picker->addItem(Explainers::title(key), key);
    m_picker->setToolTip(tr("The pattern to explain"));
    m_picker->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_picker->setMinimumContentsLength(18);

    m_back->setText(tr("Back"));
    m_back->setArrowType(Qt::LeftArrow);
    m_back->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_back->setToolTip(tr("The explainer shown before"));
    m_back->setEnabled(false);

    m_browser->setObjectName(QStringLiteral("explainerText"));
    m_browser->setOpenLinks(false);
    m_browser->setFrameShape(QFrame::NoFrame);
    QPalette palette = m_browser->palette();
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::Text, kInk);
    palette.setColor(QPalette::Link, kLink);
    m_browser->setPalette(palette);

    auto *top = new QHBoxLayout;
    top->setContentsMargins(8, 6, 8, 6);
    top->addWidget(m_back);
    top->addWidget(new QLabel(tr("Pattern:"), this));
    top->addWidget(m_picker, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(top);
    layout->addWidget(m_browser, 1);

    connect(m_picker, &QComboBox::activated, this,
            [this](int index) { display(m_picker->itemData(index).toString(), true); });
    connect(m_back, &QToolButton::clicked, this, &ExplainerPane::back);
    connect(m_browser, &QTextBrowser::anchorClicked, this, &ExplainerPane::followLink);

    if (m_picker->count() > 0)
        display(m_picker->itemData(0).toString(), false);
}

void ExplainerPane::showPattern(const QString &key)
{
    display(key, true);
}

void ExplainerPane::back()
{
    if (m_history.isEmpty())
        return;
    display(m_history.takeLast(), false);
    m_back->setEnabled(!m_history.isEmpty());
}

void ExplainerPane::display(const QString &key, bool remember)
{
    if (Explainers::markdown(key).isEmpty())
        return;
    if (key != m_key) {
        if (remember && !m_key.isEmpty()) {
            m_history << m_key;
            m_back->setEnabled(true);
        }
        m_key = key;
        render();
    }
    const int index = m_picker->findData(key);
    if (index >= 0 && index != m_picker->currentIndex())
        m_picker->setCurrentIndex(index);
    emit patternShown(key);
}

void ExplainerPane::render()
{
    const double body = bodyPoints();
    QFont font = m_browser->font();
    font.setPointSizeF(body);
    auto *doc = new QTextDocument(m_browser);
    doc->setDefaultFont(font);
    doc->setDocumentMargin(kDocumentMargin);
    doc->setMarkdown(Explainers::markdown(m_key), QTextDocument::MarkdownDialectGitHub);

    // Markdown gives structure, not a look: set headings, leading and code spans here.
    QTextCursor cursor(doc);
    cursor.beginEditBlock();
    for (QTextBlock block = doc->begin(); block.isValid(); block = block.next()) {
        QTextBlockFormat bf = block.blockFormat();
        const int level = bf.headingLevel();
        cursor.setPosition(block.position());
        if (level > 0) {
            bf.setTopMargin(level == 1 ? 0 : 16);
            bf.setBottomMargin(level == 1 ? 10 : 4);
            cursor.setBlockFormat(bf);
            cursor.setPosition(block.position() + block.length() - 1, QTextCursor::KeepAnchor);
            // A fresh format (headings hold no links): the importer's relative size
            // adjustment would otherwise win over the point size.
            QFont heading = font;
            heading.setPointSizeF(level == 1 ? body * 1.6 : body * 1.25);
            heading.setBold(true);
            QTextCharFormat cf;
            cf.setFont(heading);
            cf.setForeground(level == 1 ? kInk : kHeading);
            cursor.setCharFormat(cf);
            continue;
        }
        bf.setLineHeight(135, QTextBlockFormat::ProportionalHeight);
        bf.setBottomMargin(8);
        cursor.setBlockFormat(bf);
        // Collected first: formatting a fragment splits the block's fragments.
        struct Span
        {
            int position, length;
            bool link;
        };
        QList<Span> spans;
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            const QTextCharFormat f = fragment.charFormat();
            if (fragment.isValid() && (f.isAnchor() || f.fontFixedPitch()))
                spans.append({fragment.position(), fragment.length(), f.isAnchor()});
        }
        for (const Span &s : spans) {
            QTextCursor span(doc);
            span.setPosition(s.position);
            span.setPosition(s.position + s.length, QTextCursor::KeepAnchor);
            QTextCharFormat cf;
            if (s.link) {
                // Underlined as well as coloured: a projector washes colours out.
                cf.setForeground(kLink);
                cf.setFontUnderline(true);
            } else {
                cf.setBackground(kCodeBackground);
                cf.setFontPointSize(body * 0.92);
            }
            span.mergeCharFormat(cf);
        }
    }
    cursor.endEditBlock();

    // The browser deletes the document it replaces when it is the document's parent.
    m_browser->setDocument(doc);
    m_browser->verticalScrollBar()->setValue(0);
    setWindowTitle(Explainers::title(m_key));
}

double ExplainerPane::bodyPoints() const
{
    // A quarter larger than the surrounding widgets, never below the minimum; follows the
    // window's font (presentation mode enlarges it).
    const double inherited = font().pointSizeF() > 0 ? font().pointSizeF() * 1.25 : 0;
    return std::max(kMinBodyPoints, inherited);
}

void ExplainerPane::followLink(const QUrl &url)
{
    const QString key = Explainers::keyOfLink(url);
    if (!key.isEmpty()) {
        showPattern(key);
        return;
    }
    if (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"))
        QDesktopServices::openUrl(url);
}

void ExplainerPane::changeEvent(QEvent *event)
{
    // A font change (presentation mode) re-renders at the new size.
    if (event->type() == QEvent::FontChange && !m_key.isEmpty())
        render();
    QWidget::changeEvent(event);
}

} // namespace dplab
