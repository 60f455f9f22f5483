#version 330 core
// One pooled value per fragment, with nn's conventions (PyTorch's): windows of kernel × kernel
// (or the whole map for global pooling) every stride pixels, implicit zero padding; max and min
// ignore padded positions, the average divides by the full window (count_include_pad).
uniform sampler2D image;
uniform ivec2 in_size;
uniform ivec2 kernel_size;  // width, height of the window
uniform int stride;
uniform int padding;
uniform int op;             // 0 max, 1 average, 2 min
layout(location = 0) out float result;

void main() {
  ivec2 o = ivec2(gl_FragCoord.xy);
  float best = op == 2 ? 3.4e38 : -3.4e38;
  float sum = 0.0;
  for (int ky = 0; ky < kernel_size.y; ++ky)
    for (int kx = 0; kx < kernel_size.x; ++kx) {
      ivec2 p = o * stride - ivec2(padding) + ivec2(kx, ky);
      if (p.x < 0 || p.y < 0 || p.x >= in_size.x || p.y >= in_size.y) continue;
      float v = texelFetch(image, p, 0).r;
      sum += v;
      best = op == 2 ? min(best, v) : max(best, v);
    }
  result = op == 1 ? sum / float(kernel_size.x * kernel_size.y) : best;
}
