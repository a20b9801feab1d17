#include "patterns/sweep/parallelwork.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace dplab {

int defaultJobs()
{
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
}

void runInParallel(std::size_t count, int jobs, const std::function<void(std::size_t)> &work,
                   const std::function<void(std::size_t)> &progress,
                   const std::atomic<bool> *cancel, int tick)
{
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t done = 0;    // guarded by mutex
    std::size_t running = 0; // threads still working, guarded by mutex
    std::exception_ptr failure;
    auto worker = [&] {
        for (;;) {
            if (cancel && cancel->load())
                break;
            const std::size_t i = next.fetch_add(1);
            if (i >= count)
                break;
            std::exception_ptr thrown;
            try {
                work(i);
            } catch (...) {
                thrown = std::current_exception();
                next.store(count); // start nothing more: the study has failed
            }
            const std::lock_guard lock(mutex);
            if (thrown && !failure)
                failure = thrown;
            ++done;
            changed.notify_all();
        }
        const std::lock_guard lock(mutex);
        --running;
        changed.notify_all();
    };
    const std::size_t threads = std::max<std::size_t>(
        1, std::min<std::size_t>(count, static_cast<std::size_t>(std::max(jobs, 1))));
    std::vector<std::thread> pool;
    {
        const std::lock_guard lock(mutex);
        running = threads;
    }
    for (std::size_t t = 0; t < threads; ++t)
        pool.emplace_back(worker);
    {
        std::unique_lock lock(mutex);
        std::size_t reported = static_cast<std::size_t>(-1);
        while (running > 0) {
            if (progress && done != reported) {
                reported = done;
                lock.unlock();
                progress(reported);
                lock.lock();
            }
            changed.wait_for(lock, std::chrono::milliseconds(tick));
        }
    }
    for (std::thread &t : pool)
        t.join();
    if (progress)
        progress(done);
    if (failure)
        std::rethrow_exception(failure);
}

} // namespace dplab
