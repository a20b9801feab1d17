#pragma once

#include <QString>
#include <QStringList>

class QUrl;

namespace dplab {

/**
 * The pattern explainers built into the program: one Markdown text per pattern key
 * (`:/explainers/<key>.md`), each with the same five sections, linking to one another by file
 * name (`outbox.md`).
 */
class Explainers
{
public:
    /// The section headings every explainer has, in order.
    static QStringList sectionTitles();
    /// The resource path of a key's explainer (whether or not it exists).
    static QString path(const QString &key);
    /// The Markdown text of a key's explainer; empty when there is none.
    static QString markdown(const QString &key);
    /// The text of its first-level heading ("Transactional outbox (and dual writes)").
    static QString title(const QString &key);
    /// The first paragraph of its Intent section as plain text (markup and links removed).
    static QString intent(const QString &key);
    /// The text of one section ("## Trade-offs" up to the next heading), Markdown as written.
    static QString section(const QString &key, const QString &heading);
    /// The key a link inside an explainer points to ("outbox.md" -> "outbox"), or empty when
    /// the link leads anywhere else.
    static QString keyOfLink(const QUrl &url);
    /// Every link target written in a key's explainer, in order.
    static QStringList linkTargets(const QString &key);
    /// Markdown with its markup removed: emphasis, code marks, links reduced to their text.
    static QString plain(const QString &markdown);
};

} // namespace dplab
