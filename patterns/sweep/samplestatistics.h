#pragma once

#include <cstddef>
#include <vector>

namespace dplab {

/** Mean, standard deviation and 95% confidence interval (Student t) of a small sample. */
struct SampleStatistics
{
    std::size_t n = 0; ///< values that were not NaN
    double mean = 0;
    double sd = 0;     ///< sample standard deviation (n - 1); NaN when n < 2
    double ciLow = 0;  ///< mean - t(0.975, n-1) * sd / sqrt(n); NaN when n < 2
    double ciHigh = 0; ///< mean + the same

    /// Of the values that are not NaN, in the order given (the sums are order-dependent).
    static SampleStatistics of(const std::vector<double> &values);
    /// The 0.975 quantile of Student's t with `df` degrees of freedom (df >= 1).
    static double studentT975(std::size_t df);
};

} // namespace dplab
