#include "app/gui/canvas/canvaslayout.h"

#include "app/gui/canvas/busitem.h"
#include "app/gui/canvas/canvastheme.h"
#include "app/gui/canvas/clientitem.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace dplab {

namespace {

int roleColumn(RoleColumn role, bool hasEntry, bool hasCoordinator)
{
    const int base = hasEntry ? 2 : 1;
    switch (role) {
    case RoleColumn::Entry:
        return 1;
    case RoleColumn::Coordinator:
        return base;
    case RoleColumn::ReadSide:
        return base + (hasCoordinator ? 2 : 1);
    case RoleColumn::Flow:
        return 0; // placed by the calls and topics it takes part in
    case RoleColumn::Core:
        break;
    }
    return base + (hasCoordinator ? 1 : 0);
}

} // namespace

std::vector<int> CanvasLayout::columns(const Scenario &s, const std::vector<RoleColumn> &roles)
{
    const std::size_t n = s.services.size();
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < n; ++i)
        index[s.services[i].name] = i;
    const auto roleOf = [&roles](std::size_t i) {
        return i < roles.size() ? roles[i] : RoleColumn::Flow;
    };
    bool hasGateway = false;
    bool hasOrchestrator = false;
    for (std::size_t i = 0; i < n; ++i) {
        hasGateway |= roleOf(i) == RoleColumn::Entry;
        hasOrchestrator |= roleOf(i) == RoleColumn::Coordinator;
    }
    std::vector<int> col(n, 0);
    for (std::size_t i = 0; i < n; ++i)
        col[i] = roleColumn(roleOf(i), hasGateway, hasOrchestrator);
    for (const auto &w : s.workload) {
        const auto it = index.find(w.target);
        if (it != index.end())
            col[it->second] = std::max(col[it->second], 1);
    }
    std::set<std::string> calledSomewhere;
    for (const auto &svc : s.services)
        calledSomewhere.insert(svc.calls.begin(), svc.calls.end());
    // Generic services nobody calls and no workload targets start in the first column too.
    for (std::size_t i = 0; i < n; ++i)
        if (col[i] == 0 && !calledSomewhere.count(s.services[i].name) &&
            s.services[i].subscribes.empty())
            col[i] = hasGateway ? 2 : 1;
    // Longest path along calls and publish -> subscribe; bounded passes guard against cycles.
    std::map<std::string, std::vector<std::size_t>> publishers;
    for (std::size_t i = 0; i < n; ++i)
        if (!s.services[i].publishes.empty())
            publishers[s.services[i].publishes].push_back(i);
    for (std::size_t pass = 0; pass < n + 1; ++pass) {
        bool changed = false;
        for (std::size_t i = 0; i < n; ++i) {
            if (col[i] == 0)
                continue;
            for (const auto &callee : s.services[i].calls) {
                const auto it = index.find(callee);
                if (it != index.end() && col[it->second] < col[i] + 1 && col[i] + 1 <= int(n) + 1) {
                    col[it->second] = col[i] + 1;
                    changed = true;
                }
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            for (const auto &topic : s.services[i].subscribes) {
                for (std::size_t p : publishers[topic]) {
                    if (p != i && col[p] > 0 && col[i] < col[p] + 1 && col[p] + 1 <= int(n) + 1) {
                        col[i] = col[p] + 1;
                        changed = true;
                    }
                }
            }
        }
        if (!changed)
            break;
    }
    for (int &c : col)
        c = std::max(c, 1);
    return col;
}

CanvasLayout::Result CanvasLayout::compute(const Scenario &s, const std::vector<RoleColumn> &roles,
                                           bool shared, int clientStreams, int topics)
{
    Result result;
    const QSizeF box = CanvasTheme::serviceSize();
    const QSizeF db = CanvasTheme::databaseSize();
    // A private database sits under its service box, on the right, so calls leaving the box
    // sideways and bus lines leaving its left half do not cross it.
    const double footprintW = box.width();
    const double rowH = box.height() + (shared ? 0.0 : CanvasTheme::databaseGap + db.height()) +
                        CanvasTheme::rowGap;
    const double columnW = footprintW + CanvasTheme::columnGap;
    const QSizeF clients = ClientItem::sizeFor(clientStreams);

    const std::vector<int> col = columns(s, roles);
    const int lastColumn = col.empty() ? 1 : *std::max_element(col.begin(), col.end());
    std::vector<std::vector<std::size_t>> byColumn(static_cast<std::size_t>(lastColumn) + 1);
    for (std::size_t i = 0; i < col.size(); ++i)
        byColumn[static_cast<std::size_t>(col[i])].push_back(i);

    // Order each column by the mean row of its callers (fewer crossings), keeping file order
    // for ties.
    std::vector<double> row(s.services.size(), 0);
    std::vector<int> subOf(s.services.size(), 0);
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < s.services.size(); ++i)
        index[s.services[i].name] = i;
    for (int c = 1; c <= lastColumn; ++c) {
        auto &members = byColumn[static_cast<std::size_t>(c)];
        if (c > 1) {
            std::vector<double> key(s.services.size(), 1e9);
            for (std::size_t m : members) {
                double sum = 0;
                int count = 0;
                for (std::size_t i = 0; i < s.services.size(); ++i) {
                    if (col[i] >= c)
                        continue;
                    const auto &calls = s.services[i].calls;
                    if (std::find(calls.begin(), calls.end(), s.services[m].name) != calls.end()) {
                        sum += row[i];
                        ++count;
                    }
                }
                key[m] = count ? sum / count : 1e9;
            }
            std::stable_sort(members.begin(), members.end(),
                             [&](std::size_t a, std::size_t b) { return key[a] < key[b]; });
        }
        for (std::size_t k = 0; k < members.size(); ++k)
            row[members[k]] = double(k) - double(members.size() - 1) / 2.0;
    }

    // Long columns wrap into sub-columns so big scenarios keep a screen-like aspect ratio.
    // Three boxes (with their databases) stacked are as tall as a 16:10 view shows well.
    const int maxRows = std::max(3, int(std::ceil(std::sqrt(double(s.services.size()) / 1.6))));
    std::vector<double> columnX(static_cast<std::size_t>(lastColumn) + 2, 0);
    columnX[1] = clients.width() / 2 + CanvasTheme::columnGap + footprintW / 2;
    for (int c = 1; c <= lastColumn; ++c) {
        auto &members = byColumn[static_cast<std::size_t>(c)];
        const int subColumns = std::max<int>(1, int((members.size() + maxRows - 1) / maxRows));
        const int rows = int((members.size() + subColumns - 1) / subColumns);
        for (std::size_t k = 0; k < members.size(); ++k) {
            const int sub = int(k) / std::max(1, rows);
            const int r = int(k) % std::max(1, rows);
            const int inThis = std::min<int>(rows, int(members.size()) - sub * rows);
            row[members[k]] = double(r) - double(inThis - 1) / 2.0 + (sub % 2) * 0.25;
            subOf[members[k]] = sub;
        }
        columnX[static_cast<std::size_t>(c) + 1] =
            columnX[static_cast<std::size_t>(c)] + subColumns * columnW;
    }
    const double firstX = columnX[1];
    double top = 0;
    double bottom = 0;
    for (std::size_t i = 0; i < s.services.size(); ++i) {
        const double cx = columnX[static_cast<std::size_t>(col[i])] + subOf[i] * columnW;
        const double cy =
            row[i] * rowH - (shared ? 0.0 : (CanvasTheme::databaseGap + db.height()) / 2);
        result.positions.insert(QString::fromStdString(s.services[i].name), QPointF(cx, cy));
        top = std::min(top, row[i] * rowH - rowH / 2);
        bottom = std::max(bottom, row[i] * rowH + rowH / 2);
    }
    result.positions.insert(QStringLiteral("@clients"), QPointF(0, 0));
    top = std::min(top, -clients.height() / 2);
    bottom = std::max(bottom, clients.height() / 2);

    const double left = firstX - footprintW / 2;
    const double right =
        columnX[static_cast<std::size_t>(lastColumn) + 1] - columnW + footprintW / 2;
    const double midX = (left + right) / 2;
    double y = bottom + CanvasTheme::rowGap;
    if (shared) {
        const double h = db.height() * 1.35;
        result.positions.insert(QStringLiteral("@database"), QPointF(midX, y + h / 2));
        y += h + CanvasTheme::rowGap * 1.5;
    }
    if (topics > 0) {
        const double h = BusItem::heightFor(topics);
        result.busWidth = std::max(700.0, right - left);
        result.positions.insert(QStringLiteral("@bus"), QPointF(midX, y + h / 2));
    }
    return result;
}

} // namespace dplab
