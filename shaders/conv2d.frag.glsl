#version 330 core
// One output value of a 2-D cross-correlation per fragment, as nn::Conv2d computes it:
//   out(oy, ox) = bias + Σ_c Σ_ky Σ_kx in(c, oy·S − P + ky·D, ox·S − P + kx·D) · w(c, ky, kx)
// with zero padding (positions outside the input add nothing). Row 0 of every texture is row 0 of
// the map, so gl_FragCoord's integer part is the output cell.
uniform sampler2DArray image;  // channels layers of in_size
uniform ivec2 in_size;         // width, height
uniform int channels;
uniform int kernel_size;
uniform int stride;
uniform int padding;
uniform int dilation;
uniform float weights[147];    // channels × kernel × kernel, up to 3 × 7 × 7
uniform float bias;
uniform int relu;
layout(location = 0) out float result;

void main() {
  ivec2 o = ivec2(gl_FragCoord.xy);
  float sum = 0.0;
  for (int c = 0; c < channels; ++c)
    for (int ky = 0; ky < kernel_size; ++ky)
      for (int kx = 0; kx < kernel_size; ++kx) {
        ivec2 p = o * stride - ivec2(padding) + ivec2(kx, ky) * dilation;
        if (p.x < 0 || p.y < 0 || p.x >= in_size.x || p.y >= in_size.y) continue;
        sum += texelFetch(image, ivec3(p, c), 0).r * weights[(c * kernel_size + ky) * kernel_size + kx];
      }
  sum += bias;
  result = relu != 0 ? max(sum, 0.0) : sum;
}
