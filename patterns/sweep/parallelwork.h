#pragma once

#include <atomic>
#include <cstddef>
#include <functional>

namespace dplab {

/**
 * Runs work(i) for i in 0..count-1 on `jobs` threads (each takes the next i when it is free)
 * and returns when all are done, or when *cancel turns true (then the items not yet started are
 * left out). The calling thread waits, calling progress(done) about every `tick` milliseconds
 * and once at the end. work() must not share anything mutable between items: a study's runs
 * each build their own World. The first exception a work item throws is rethrown here, after
 * the threads have stopped.
 */
void runInParallel(std::size_t count, int jobs, const std::function<void(std::size_t)> &work,
                   const std::function<void(std::size_t)> &progress = {},
                   const std::atomic<bool> *cancel = nullptr, int tick = 250);

/// The default number of threads: the cores of this machine (at least 1).
int defaultJobs();

} // namespace dplab
