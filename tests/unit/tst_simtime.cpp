#include "simulation/kernel/simtime.h"

#include <QTest>

#include <clocale>
#include <string>

using namespace dplab;

namespace {
const QString kExpected =
    "expected a duration such as \"250us\", \"4ms\", \"2s\" or \"1.5min\", got \"";
}

/** Tests of duration parsing and formatting (scenario files write durations as text). */
class TestSimTime : public QObject
{
    Q_OBJECT

private slots:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("us");
        QTest::newRow("microseconds") << "250us" << qint64(250);
        QTest::newRow("micro sign") << QString::fromUtf8("250µs") << qint64(250);
        QTest::newRow("milliseconds") << "4ms" << qint64(4000);
        QTest::newRow("seconds") << "2s" << qint64(2000000);
        QTest::newRow("fractional minutes") << "1.5min" << qint64(90000000);
        QTest::newRow("minutes as m") << "1m" << qint64(60000000);
        QTest::newRow("fractional m") << "1.5m" << qint64(90000000);
        QTest::newRow("hour") << "1h" << qint64(3600000000LL);
        QTest::newRow("bare number is ms") << "7" << qint64(7000);
        QTest::newRow("bare fraction is ms") << "0.5" << qint64(500);
        QTest::newRow("surrounding spaces") << " 3ms " << qint64(3000);
        QTest::newRow("space before unit") << "3 ms" << qint64(3000);
        QTest::newRow("zero") << "0s" << qint64(0);
        QTest::newRow("leading dot") << ".25s" << qint64(250000);
        QTest::newRow("rounds to the microsecond") << "1.0006us" << qint64(1);
        QTest::newRow("sub-microsecond ms") << "0.0015ms" << qint64(2);
        QTest::newRow("large") << "1000h" << qint64(3600000000000LL);
    }

    void parse()
    {
        QFETCH(QString, text);
        QFETCH(qint64, us);
        std::string error = "untouched";
        const auto parsed = parseDuration(text.toStdString(), &error);
        QVERIFY2(parsed.has_value(), error.c_str());
        QCOMPARE(*parsed, SimTime(us));
        QCOMPARE(error, std::string("untouched")); // success leaves the error alone
    }

    void reject_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("empty") << "" << kExpected + "\" (empty)";
        QTest::newRow("blank") << "   " << kExpected + "   \" (empty)";
        QTest::newRow("negative") << "-1ms" << kExpected + "-1ms\" (negative)";
        QTest::newRow("unknown unit")
            << "4 parsecs" << kExpected + "4 parsecs\" (unknown unit; use us, ms, s, min or h)";
        QTest::newRow("unit alone") << "ms" << kExpected + "ms\"";
        QTest::newRow("exponent") << "1e3"
                                  << kExpected + "1e3\" (unknown unit; use us, ms, s, min or h)";
        QTest::newRow("hex") << "0x10"
                             << kExpected + "0x10\" (unknown unit; use us, ms, s, min or h)";
        QTest::newRow("plus sign") << "+5ms" << kExpected + "+5ms\"";
        QTest::newRow("two numbers")
            << "1 2ms" << kExpected + "1 2ms\" (unknown unit; use us, ms, s, min or h)";
        QTest::newRow("too large")
            << "9999999999999h" << kExpected + "9999999999999h\" (too large)";
    }

    void reject()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        std::string message;
        const auto parsed = parseDuration(text.toStdString(), &message);
        QVERIFY(!parsed.has_value());
        QCOMPARE(QString::fromStdString(message), error);
        QVERIFY(!parseDuration(text.toStdString()).has_value()); // no error sink needed
    }

    void format_data()
    {
        QTest::addColumn<qint64>("us");
        QTest::addColumn<QString>("text");
        QTest::newRow("zero") << qint64(0) << "0s";
        QTest::newRow("us") << qint64(250) << "250us";
        QTest::newRow("ms") << qint64(4000) << "4ms";
        QTest::newRow("fractional ms") << qint64(1500) << "1.5ms";
        QTest::newRow("s") << qint64(2000000) << "2s";
        QTest::newRow("fractional s") << qint64(1500000) << "1.5s";
        QTest::newRow("whole minutes") << qint64(120000000) << "2min";
        QTest::newRow("90 s stays in seconds") << qint64(90000000) << "90s";
        QTest::newRow("hour in minutes") << qint64(3600000000LL) << "60min";
        QTest::newRow("negative") << qint64(-4000) << "-4ms";
        QTest::newRow("six digits") << qint64(1234560) << "1.23456s";
        QTest::newRow("seven digits") << qint64(1234567) << "1.234567s";
    }

    void format()
    {
        QFETCH(qint64, us);
        QFETCH(QString, text);
        QCOMPARE(QString::fromStdString(formatDuration(us)), text);
    }

    void roundTrip_data()
    {
        QTest::addColumn<qint64>("us");
        for (qint64 us :
             {qint64(0), qint64(1), qint64(999), qint64(1001), qint64(4000), qint64(12345),
              qint64(250000), qint64(1500000), qint64(59000000), qint64(90000000),
              qint64(120000000), qint64(3600000000LL), qint64(86400000000LL)})
            QTest::newRow(qPrintable(QString::number(us))) << us;
        QTest::newRow("7 significant digits") << qint64(1234567);
    }

    void roundTrip()
    {
        QFETCH(qint64, us);
        const std::string text = formatDuration(us);
        std::string error;
        const auto parsed = parseDuration(text, &error);
        QVERIFY2(parsed.has_value(), error.c_str());
        QCOMPARE(*parsed, SimTime(us));
    }

    void fromMilliseconds_data()
    {
        QTest::addColumn<double>("ms");
        QTest::addColumn<qint64>("us");
        QTest::addColumn<QString>("error");
        QTest::newRow("integer") << 4.0 << qint64(4000) << "";
        QTest::newRow("fraction") << 0.25 << qint64(250) << "";
        QTest::newRow("rounding") << 0.0004 << qint64(0) << "";
        QTest::newRow("negative") << -1.0 << qint64(-1) << "expected a duration >= 0";
        QTest::newRow("nan") << std::nan("") << qint64(-1) << "expected a finite duration";
        QTest::newRow("huge") << 1e300 << qint64(-1) << "duration is too large";
    }

    void fromMilliseconds()
    {
        QFETCH(double, ms);
        QFETCH(qint64, us);
        QFETCH(QString, error);
        std::string message;
        const auto t = durationFromMilliseconds(ms, &message);
        if (error.isEmpty()) {
            QVERIFY(t.has_value());
            QCOMPARE(*t, SimTime(us));
        } else {
            QVERIFY(!t.has_value());
            QCOMPARE(QString::fromStdString(message), error);
        }
    }

    void decimalCommaLocale()
    {
        // A GUI may run with a locale whose decimal separator is a comma; files must not care.
        const std::string saved = std::setlocale(LC_NUMERIC, nullptr);
        const char *locale = nullptr;
        for (const char *name : {"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8"}) {
            if (std::setlocale(LC_NUMERIC, name)) {
                locale = name;
                break;
            }
        }
        if (!locale)
            QSKIP("no decimal-comma locale installed");
        const auto parsed = parseDuration("1.5min");
        const std::string formatted = formatDuration(1500000);
        std::setlocale(LC_NUMERIC, saved.c_str());
        QVERIFY(parsed.has_value());
        QCOMPARE(*parsed, SimTime(90000000));
        QCOMPARE(formatted, std::string("1.5s"));
    }

    void conversions()
    {
        QCOMPARE(toMilliseconds(1500), 1.5);
        QCOMPARE(toSeconds(2500000), 2.5);
        QCOMPARE(kHour, SimTime(3600000000LL));
    }
};

QTEST_APPLESS_MAIN(TestSimTime)
#include "tst_simtime.moc"
