#pragma once

// Documents for the GUI tests: load a scenario text, run it to an exact time.

#include "simulationdocument.h"

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <cstdint>
#include <limits>
#include <memory>

namespace dplab::test {

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
