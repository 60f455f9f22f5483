#pragma once
// Row-major general matrix multiply, C = alpha·op(A)·op(B) + beta·C, on OpenBLAS (sgemm for the
// float layers, dgemm for the double instantiation the gradient checks use). Each call runs on the
// calling thread only: the layers split their work across ThreadPool workers themselves, and
// OpenBLAS threads on top of those would oversubscribe the cores, so the first call sets OpenBLAS
// to one thread (openblas_set_num_threads(1)) for the whole process.
#include <cstddef>

namespace stride::nn {

enum class Trans { no, yes };

void gemm(Trans ta, Trans tb, std::size_t m, std::size_t n, std::size_t k, float alpha,
          const float* a, std::size_t lda, const float* b, std::size_t ldb, float beta, float* c,
          std::size_t ldc);
void gemm(Trans ta, Trans tb, std::size_t m, std::size_t n, std::size_t k, double alpha,
          const double* a, std::size_t lda, const double* b, std::size_t ldb, double beta,
          double* c, std::size_t ldc);

}  // namespace stride::nn
