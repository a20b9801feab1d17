#include "simulation/kernel/distribution.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace dplab {

namespace {
constexpr double kZ99 = 2.3263478740408408; // standard normal 0.99 quantile

double normalPdf(double x)
{
    return std::exp(-0.5 * x * x) / std::sqrt(2 * std::numbers::pi);
}
double normalCdf(double x)
{
    return 0.5 * std::erfc(-x / std::numbers::sqrt2);
}

SimTime toTime(double us)
{
    if (!(us > 0))
        return 0;
    if (us > static_cast<double>(kSimTimeMax))
        return kSimTimeMax;
    return static_cast<SimTime>(us + 0.5); // us > 0 here: rounds half up, cheaper than llround
}
} // namespace

double standardNormal(Rng &rng)
{
    const double u1 = rng.uniformOpen();
    const double u2 = rng.uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2 * std::numbers::pi * u2);
}

double normalQuantile(double p)
{
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                               -2.759285104469687e+02, 1.383577518672690e+02,
                               -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                               -1.556989798598866e+02, 6.680131188771972e+01,
                               -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                               -2.400758277161838e+00, -2.549732539343734e+00,
                               4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    const double plow = 0.02425, phigh = 1 - plow;
    if (p <= 0)
        return -INFINITY;
    if (p >= 1)
        return INFINITY;
    if (p < plow) {
        const double q = std::sqrt(-2 * std::log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > phigh) {
        const double q = std::sqrt(-2 * std::log(1 - p));
        return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    const double q = p - 0.5, r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

SimTime Distribution::sample(Rng &rng) const
{
    switch (kind) {
    case Kind::Constant:
        return a;
    case Kind::Uniform:
        return toTime(static_cast<double>(a) + rng.uniform() * static_cast<double>(b - a));
    case Kind::Exponential:
        return toTime(-static_cast<double>(a) * std::log(rng.uniformOpen()));
    case Kind::Normal:
        // Truncated at 0 by rejection; if the mass above 0 is tiny, fall back to clamping.
        for (int i = 0; i < 64; ++i) {
            const double v = static_cast<double>(a) + static_cast<double>(b) * standardNormal(rng);
            if (v >= 0)
                return toTime(v);
        }
        return 0;
    case Kind::Lognormal: {
        if (a <= 0)
            return 0;
        const double mu = std::log(static_cast<double>(a));
        const double sigma = b > a ? (std::log(static_cast<double>(b)) - mu) / kZ99 : 0.0;
        return toTime(std::exp(mu + sigma * standardNormal(rng)));
    }
    }
    return 0;
}

double Distribution::mean() const
{
    switch (kind) {
    case Kind::Constant:
        return static_cast<double>(a);
    case Kind::Uniform:
        return (static_cast<double>(a) + static_cast<double>(b)) / 2;
    case Kind::Exponential:
        return static_cast<double>(a);
    case Kind::Normal: {
        if (b <= 0)
            return std::max<double>(0, static_cast<double>(a));
        const double alpha = -static_cast<double>(a) / static_cast<double>(b);
        return static_cast<double>(a) +
               static_cast<double>(b) * normalPdf(alpha) / (1 - normalCdf(alpha));
    }
    case Kind::Lognormal: {
        if (a <= 0)
            return 0;
        const double mu = std::log(static_cast<double>(a));
        const double sigma = b > a ? (std::log(static_cast<double>(b)) - mu) / kZ99 : 0.0;
        return std::exp(mu + sigma * sigma / 2);
    }
    }
    return 0;
}

double Distribution::quantile(double p) const
{
    switch (kind) {
    case Kind::Constant:
        return static_cast<double>(a);
    case Kind::Uniform:
        return static_cast<double>(a) + p * static_cast<double>(b - a);
    case Kind::Exponential:
        return -static_cast<double>(a) * std::log(1 - p);
    case Kind::Normal: {
        if (b <= 0)
            return std::max<double>(0, static_cast<double>(a));
        const double alpha = -static_cast<double>(a) / static_cast<double>(b);
        const double f0 = normalCdf(alpha);
        return static_cast<double>(a) + static_cast<double>(b) * normalQuantile(f0 + p * (1 - f0));
    }
    case Kind::Lognormal: {
        if (a <= 0)
            return 0;
        const double mu = std::log(static_cast<double>(a));
        const double sigma = b > a ? (std::log(static_cast<double>(b)) - mu) / kZ99 : 0.0;
        return std::exp(mu + sigma * normalQuantile(p));
    }
    }
    return 0;
}

std::string Distribution::describe() const
{
    switch (kind) {
    case Kind::Constant:
        return formatDuration(a);
    case Kind::Uniform:
        return "uniform(" + formatDuration(a) + ".." + formatDuration(b) + ")";
    case Kind::Exponential:
        return "exponential(mean " + formatDuration(a) + ")";
    case Kind::Normal:
        return "normal(mean " + formatDuration(a) + ", sd " + formatDuration(b) + ")";
    case Kind::Lognormal:
        return "lognormal(median " + formatDuration(a) + ", p99 " + formatDuration(b) + ")";
    }
    return {};
}

KeySampler KeySampler::uniform(std::int64_t n)
{
    KeySampler k;
    k.m_n = std::max<std::int64_t>(1, n);
    return k;
}

KeySampler KeySampler::zipf(std::int64_t n, double s)
{
    KeySampler k;
    k.m_n = std::max<std::int64_t>(1, n);
    k.m_cdf.resize(static_cast<std::size_t>(k.m_n));
    double sum = 0;
    for (std::int64_t i = 1; i <= k.m_n; ++i) {
        sum += 1.0 / std::pow(static_cast<double>(i), s);
        k.m_cdf[static_cast<std::size_t>(i - 1)] = sum;
    }
    for (auto &c : k.m_cdf)
        c /= sum;
    k.m_cdf.back() = 1.0;
    return k;
}

std::int64_t KeySampler::sample(Rng &rng) const
{
    if (m_cdf.empty())
        return 1 + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(m_n)));
    const double u = rng.uniform();
    const auto it = std::upper_bound(m_cdf.begin(), m_cdf.end(), u);
    return 1 + static_cast<std::int64_t>(std::min<std::ptrdiff_t>(it - m_cdf.begin(), m_n - 1));
}

double KeySampler::probability(std::int64_t k) const
{
    if (k < 1 || k > m_n)
        return 0;
    if (m_cdf.empty())
        return 1.0 / static_cast<double>(m_n);
    const auto i = static_cast<std::size_t>(k - 1);
    return i == 0 ? m_cdf[0] : m_cdf[i] - m_cdf[i - 1];
}

} // namespace dplab
