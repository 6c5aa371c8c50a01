#pragma once

#include <atomic>
#include <chrono>
#include <exception>
#include <cstdint>
#include <functional>
#include <future>
#include <limits>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "mroi/result.h"

// A cache of computed results keyed by (key, data version), computed once even when
// many callers ask at once: the first caller starts the computation on a thread of
// its own and every caller waits for the same shared future, up to a timeout. A
// caller that times out gets nothing, but the computation goes on and a later caller
// finds its result.
namespace mroi::internal {

/// Thread safety: every method may be called from any thread. The destructor waits
/// for computations still running.
template <typename T>
class ResultCache {
 public:
  using Value = std::shared_ptr<const Result<T>>;
  using Compute = std::function<Result<T>()>;
  /// Whether a finished result may be kept (e.g. not a transient I/O error).
  using KeepPolicy = std::function<bool(const Result<T>&)>;

  /// Keep at most `max_entries` results (least recently used dropped first; running
  /// computations are never dropped). `keep` may be empty (keep every result).
  explicit ResultCache(size_t max_entries, KeepPolicy keep = {})
      : max_entries_(max_entries < 1 ? 1 : max_entries), keep_(std::move(keep)) {}

  ~ResultCache() {
    std::list<Worker> workers;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      workers.swap(workers_);
    }
    for (Worker& worker : workers) worker.thread.join();
  }

  ResultCache(const ResultCache&) = delete;
  ResultCache& operator=(const ResultCache&) = delete;

  /// Return the result of `key` at `version`: the cached one, or the one being
  /// computed, or a new computation of `compute` (run on its own thread). Waits at
  /// most `timeout`; returns nullptr when the result is not ready by then. Entries of
  /// other versions are dropped as soon as a newer version is asked for.
  Value Get(const std::string& key, int64_t version, const Compute& compute,
            std::chrono::milliseconds timeout) {
    std::shared_future<Value> future = Find(key, version, compute);
    if (future.wait_for(timeout) != std::future_status::ready) return nullptr;
    return future.get();
  }

  /// The number of entries held (finished or running).
  size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return entries_.size();
  }

  /// How many computations were started so far (a test hook).
  int64_t TEST_computations() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return computations_;
  }

 private:
  struct Entry {
    int64_t version = 0;
    std::shared_future<Value> future;
    uint64_t last_used = 0;
    bool running = true;
    int64_t id = 0;  // the computation that fills it
  };
  struct Worker {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };

  std::shared_future<Value> Find(const std::string& key, int64_t version,
                                 const Compute& compute) {
    std::lock_guard<std::mutex> lock(mutex_);
    ReapWorkers();
    if (version > newest_version_) {
      newest_version_ = version;
      DropOlderThan(version);
    }
    auto found = entries_.find(key);
    // An entry of a newer version than asked for answers too (the caller read the
    // version just before an import committed).
    if (found != entries_.end() && found->second.version >= version) {
      found->second.last_used = ++clock_;
      return found->second.future;
    }
    auto promise = std::make_shared<std::promise<Value>>();
    Entry entry;
    entry.version = version;
    entry.future = promise->get_future().share();
    entry.last_used = ++clock_;
    std::shared_future<Value> future = entry.future;
    entry.id = ++computations_;
    const int64_t id = entry.id;
    entries_[key] = std::move(entry);
    Evict();
    auto done = std::make_shared<std::atomic<bool>>(false);
    workers_.push_back({std::thread([this, key, id, compute, promise, done] {
                          Run(key, id, compute, *promise);
                          done->store(true);
                        }),
                        done});
    return future;
  }

  void Run(const std::string& key, int64_t id, const Compute& compute,
           std::promise<Value>& promise) {
    Value value;
    try {
      value = std::make_shared<const Result<T>>(compute());
    } catch (const std::exception& error) {  // a bug below: answer 500, keep serving
      value = std::make_shared<const Result<T>>(Internal(error.what()));
    }
    bool keep = !keep_ || keep_(*value);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto found = entries_.find(key);
      if (found != entries_.end() && found->second.id == id) {
        found->second.running = false;
        if (!keep) entries_.erase(found);
      }
      Evict();
    }
    promise.set_value(std::move(value));
  }

  // REQUIRES: mutex_ held.
  void DropOlderThan(int64_t version) {
    for (auto it = entries_.begin(); it != entries_.end();) {
      it = it->second.version < version ? entries_.erase(it) : std::next(it);
    }
  }

  // Drop the least recently used finished entries above max_entries_.
  // REQUIRES: mutex_ held.
  void Evict() {
    while (entries_.size() > max_entries_) {
      auto oldest = entries_.end();
      for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        if (it->second.running) continue;
        if (oldest == entries_.end() || it->second.last_used < oldest->second.last_used) {
          oldest = it;
        }
      }
      if (oldest == entries_.end()) return;  // all running
      entries_.erase(oldest);
    }
  }

  // Join the threads that have finished. REQUIRES: mutex_ held.
  void ReapWorkers() {
    for (auto it = workers_.begin(); it != workers_.end();) {
      if (it->done->load()) {
        it->thread.join();
        it = workers_.erase(it);
      } else {
        ++it;
      }
    }
  }

  const size_t max_entries_;
  const KeepPolicy keep_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry> entries_;
  std::list<Worker> workers_;
  int64_t newest_version_ = std::numeric_limits<int64_t>::min();
  uint64_t clock_ = 0;
  int64_t computations_ = 0;
};

}  // namespace mroi::internal
