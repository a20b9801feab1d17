#pragma once

// Documents for the GUI tests: load a scenario text, run it to an exact time.

#include "app/gui/simulationdocument.h"
#include "tests/support/patternsettings.h"

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <cstdint>
#include <limits>
#include <memory>

namespace dplab::test {

/// The probe of the document's first decoration of this kind (on `service`, or any), or
/// nothing when there is none.
inline std::optional<Probe> probeOf(const SimulationDocument &doc, Decoration::Kind kind,
                                    int service = -1)
{
    for (const Decoration &d : doc.decorations())
        if (d.kind == kind && (service < 0 || d.service == std::size_t(service)))
            return doc.probe(d);
    return std::nullopt;
}

inline std::unique_ptr<SimulationDocument> load(const QByteArray &text)
{
    auto doc = std::make_unique<SimulationDocument>();
    QString error;
    if (!doc->loadText(text, QStringLiteral("test.json"), &error))
        qFatal("cannot load the test scenario: %s", qPrintable(error));
    return doc;
}

/// Runs the document's world to exactly `t` and tells its views. (SimulationDocument::advanceTo
/// stops after maxEvents events, short of `t` in a busy run.)
inline void advance(SimulationDocument *doc, SimTime t)
{
    doc->advanceTo(t, std::numeric_limits<std::uint64_t>::max());
}

} // namespace dplab::test
