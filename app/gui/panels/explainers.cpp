#include "app/gui/panels/explainers.h"

#include <QFile>
#include <QRegularExpression>
#include <QUrl>

// Q_INIT_RESOURCE declares a function and must be used outside any namespace. The resources
// live in the static dplab_gui library, which a test executable may link without main.cpp.
static void initDplabResources()
{
    Q_INIT_RESOURCE(dplab);
}

namespace dplab {

namespace {

const QRegularExpression &linkPattern()
{
    static const QRegularExpression re(QStringLiteral(R"(\[([^\]]*)\]\(([^)\s]*)\))"));
    return re;
}

} // namespace

QStringList Explainers::sectionTitles()
{
    return {QStringLiteral("Intent"), QStringLiteral("Use it when"), QStringLiteral("Trade-offs"),
            QStringLiteral("Watch in the animation"), QStringLiteral("Try this")};
}

QString Explainers::path(const QString &key)
{
    return QStringLiteral(":/explainers/%1.md").arg(key);
}

QString Explainers::markdown(const QString &key)
{
    static const bool loaded = [] {
        initDplabResources();
        return true;
    }();
    Q_UNUSED(loaded);
    // A key is a file name, never a path.
    if (key.isEmpty() || key.contains(QLatin1Char('/')) || key.contains(QLatin1Char('.')))
        return {};
    QFile file(path(key));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(file.readAll());
}

QString Explainers::title(const QString &key)
{
    const QStringList lines = markdown(key).split(QLatin1Char('\n'));
    for (const QString &line : lines)
        if (line.startsWith(QLatin1String("# ")))
            return line.mid(2).trimmed();
    return {};
}

QString Explainers::section(const QString &key, const QString &heading)
{
    const QStringList lines = markdown(key).split(QLatin1Char('\n'));
    QStringList out;
    bool inside = false;
    for (const QString &line : lines) {
        if (line.startsWith(QLatin1Char('#'))) {
            if (inside)
                break;
            inside = line == QLatin1String("## ") + heading;
            continue;
        }
        if (inside)
            out << line;
    }
    return out.join(QLatin1Char('\n')).trimmed();
}

QString Explainers::intent(const QString &key)
{
    const QString text = section(key, QStringLiteral("Intent"));
    const qsizetype end = text.indexOf(QLatin1String("\n\n"));
    return plain(end < 0 ? text : text.left(end)).simplified();
}

QString Explainers::plain(const QString &markdown)
{
    QString s = markdown;
    s.replace(linkPattern(), QStringLiteral("\\1"));
    s.remove(QStringLiteral("**"));
    s.remove(QLatin1Char('`'));
    return s;
}

QString Explainers::keyOfLink(const QUrl &url)
{
    if (!url.scheme().isEmpty() || url.hasQuery() || !url.host().isEmpty())
        return {};
    const QString file = url.path();
    if (!file.endsWith(QLatin1String(".md")) || file.contains(QLatin1Char('/')))
        return {};
    return file.chopped(3);
}

QStringList Explainers::linkTargets(const QString &key)
{
    QStringList out;
    auto it = linkPattern().globalMatch(markdown(key));
    while (it.hasNext())
        out << it.next().captured(2);
    return out;
}

} // namespace dplab
