# Build times (docs/developing.md, "Build times"). Two measures, each with a switch:
#
# Unity builds (DPLAB_UNITY): a library's sources are compiled in batches of 8 per translation
# unit, so the templates they share (the C++ library, nlohmann/json, Qt) are instantiated and
# compiled once per batch instead of once per file. This cut the libraries' compile time to about
# a third. The price: names in anonymous namespaces must be unique within a library, and an edit
# recompiles its whole batch.
#
# Precompiled headers (DPLAB_PCH): the third-party headers that most translation units parse are
# parsed once per group of targets instead of once per file. Our own headers stay out, so editing
# one of them rebuilds only the files that include it.
#
# OFF for either (e.g. -DDPLAB_UNITY=OFF -DDPLAB_PCH=OFF) builds each file on its own, the way
# to check that every file includes what it uses.
option(DPLAB_UNITY "Compile each library's sources in batches (unity build)" ON)
option(DPLAB_PCH "Precompile the heavy third-party headers" ON)

# dplab_unity(TARGET): a library compiled in unity batches.
function(dplab_unity target)
  if(DPLAB_UNITY)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 8)
  endif()
endfunction()

set(DPLAB_PCH_CORE
  <algorithm> <array> <cmath> <cstddef> <cstdint> <functional> <map> <memory> <optional>
  <set> <string> <string_view> <unordered_map> <utility> <vector>
  <nlohmann/json.hpp> <sqlite3.h>)
set(DPLAB_PCH_QT_CORE
  <QDir> <QFile> <QFileInfo> <QHash> <QList> <QObject> <QRegularExpression> <QSettings>
  <QString> <QStringList> <QTimer> <QElapsedTimer>)
set(DPLAB_PCH_QT_WIDGETS
  <QColor> <QComboBox> <QFontMetricsF> <QGraphicsItem> <QGraphicsScene> <QGraphicsView>
  <QHBoxLayout> <QHeaderView> <QImage> <QLabel> <QMainWindow> <QPainter> <QPainterPath>
  <QPushButton> <QTableView> <QToolButton> <QVBoxLayout> <QWidget>
  <QChart> <QChartView> <QLineSeries> <QValueAxis>)

# dplab_pch(TARGET KIND): gives TARGET the precompiled headers of KIND, building them the first
# time and reusing that build for every later target of the same KIND (which must have the same
# compile flags and definitions, hence the separate kinds):
#   core     the GUI-free libraries (simulation, patterns, fuzz targets)
#   qt       the libraries that use Qt Widgets and Charts (export, cli, gui)
#   test     tests that use only Qt Test and Qt Core
#   guitest  tests of the widgets
function(dplab_pch target kind)
  if(NOT DPLAB_PCH)
    return()
  endif()
  get_property(donor GLOBAL PROPERTY DPLAB_PCH_DONOR_${kind})
  if(donor)
    target_precompile_headers(${target} REUSE_FROM ${donor})
    return()
  endif()
  if(kind STREQUAL "core")
    set(headers ${DPLAB_PCH_CORE})
  elseif(kind STREQUAL "qt")
    set(headers ${DPLAB_PCH_CORE} ${DPLAB_PCH_QT_CORE} ${DPLAB_PCH_QT_WIDGETS})
  elseif(kind STREQUAL "test")
    set(headers ${DPLAB_PCH_CORE} ${DPLAB_PCH_QT_CORE} <QtTest> <QTemporaryDir>)
  elseif(kind STREQUAL "guitest")
    set(headers ${DPLAB_PCH_CORE} ${DPLAB_PCH_QT_CORE} ${DPLAB_PCH_QT_WIDGETS} <QtTest>
                <QTemporaryDir> <QSignalSpy> <QApplication>)
  else()
    message(FATAL_ERROR "dplab_pch: unknown kind ${kind}")
  endif()
  target_precompile_headers(${target} PRIVATE ${headers})
  set_property(GLOBAL PROPERTY DPLAB_PCH_DONOR_${kind} ${target})
endfunction()
