#include "patterns/sweep/samplestatistics.h"

#include <cmath>
#include <limits>

namespace dplab {

double SampleStatistics::studentT975(std::size_t df)
{
    // Exact to the digits given for df <= 30; beyond, the Cornish-Fisher expansion around the
    // normal quantile (error below 1e-5 there).
    static const double kTable[30] = {
        12.7062, 4.30265, 3.18245, 2.77645, 2.57058, 2.44691, 2.36462, 2.306,   2.26216, 2.22814,
        2.20099, 2.17881, 2.16037, 2.14479, 2.13145, 2.11991, 2.10982, 2.10092, 2.09302, 2.08596,
        2.07961, 2.07387, 2.06866, 2.0639,  2.05954, 2.05553, 2.05183, 2.04841, 2.04523, 2.04227};
    if (df == 0)
        return std::numeric_limits<double>::quiet_NaN();
    if (df <= 30)
        return kTable[df - 1];
    const double z = 1.959963984540054, n = static_cast<double>(df);
    const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
    return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) +
           (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n);
}

SampleStatistics SampleStatistics::of(const std::vector<double> &values)
{
    SampleStatistics s;
    double sum = 0;
    for (double v : values) {
        if (std::isnan(v))
            continue;
        ++s.n;
        sum += v;
    }
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    if (s.n == 0) {
        s.mean = s.sd = s.ciLow = s.ciHigh = kNaN;
        return s;
    }
    s.mean = sum / static_cast<double>(s.n);
    if (s.n < 2) {
        s.sd = s.ciLow = s.ciHigh = kNaN;
        return s;
    }
    double squares = 0;
    for (double v : values)
        if (!std::isnan(v))
            squares += (v - s.mean) * (v - s.mean);
    s.sd = std::sqrt(squares / static_cast<double>(s.n - 1));
    const double half = studentT975(s.n - 1) * s.sd / std::sqrt(static_cast<double>(s.n));
    s.ciLow = s.mean - half;
    s.ciHigh = s.mean + half;
    return s;
}

} // namespace dplab
