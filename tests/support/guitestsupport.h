#pragma once

// Documents for the GUI tests: load a scenario text, run it to an exact time.

#include "simulationdocument.h"

#include <QByteArray>
#include <QString>
#include <QtGlobal>

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
/// runs whole slices of events and can overshoot `t`.)
inline void advance(SimulationDocument *doc, SimTime t)
{
    doc->world().runUntil(t);
    doc->advanceTo(t);
}

} // namespace dplab::test
