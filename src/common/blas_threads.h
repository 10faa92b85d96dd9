// OpenBLAS keeps its own thread pool, which at::set_num_threads does not
// reach. Found at run time (LibTorch may use another BLAS): without OpenBLAS
// these do nothing and say so.
#pragma once

namespace gradaudit {

// Sets OpenBLAS's pool to `threads`; false when OpenBLAS is not loaded.
bool set_blas_threads(int threads);
// OpenBLAS's pool size, or 0 when OpenBLAS is not loaded.
int blas_threads();

// Sets the pool for a scope and restores it after.
class ScopedBlasThreads {
 public:
  explicit ScopedBlasThreads(int threads) : previous_(blas_threads()) { set_blas_threads(threads); }
  ~ScopedBlasThreads() {
    if (previous_ > 0) set_blas_threads(previous_);
  }
  ScopedBlasThreads(const ScopedBlasThreads&) = delete;
  ScopedBlasThreads& operator=(const ScopedBlasThreads&) = delete;

 private:
  int previous_;
};

}  // namespace gradaudit
