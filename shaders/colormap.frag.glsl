#version 330 core
// Colours a float map for display. Sequential maps (values of one sign: pixels, ReLU outputs,
// pooled maps) use a dark-to-bright ramp close to matplotlib's viridis (a cubic fit of its
// control points); signed maps (kernels, raw convolution outputs, gradients) use a diverging
// blue-white-red map centred on zero, so the sign reads at a glance. (Colour pictures are uploaded
// as 8-bit RGB and need no map.)
uniform sampler2D values;
uniform float low;        // value drawn at the start of the ramp (sequential)
uniform float high;       // value at its end; diverging maps use ±max(|low|, |high|)
uniform int diverging;
layout(location = 0) out vec4 colour;

vec3 viridis(float t) {
  const vec3 c0 = vec3(0.2777, 0.0054, 0.3341);
  const vec3 c1 = vec3(0.1050, 1.4046, 1.3845);
  const vec3 c2 = vec3(-0.3309, 0.2148, 0.0951);
  const vec3 c3 = vec3(-4.6342, -5.7991, -19.3324);
  const vec3 c4 = vec3(6.2283, 14.1799, 56.6906);
  const vec3 c5 = vec3(4.7764, -13.7451, -65.3530);
  const vec3 c6 = vec3(-5.4355, 4.6459, 26.3124);
  return c0 + t * (c1 + t * (c2 + t * (c3 + t * (c4 + t * (c5 + t * c6)))));
}

vec3 blue_white_red(float t) {  // t in [-1, 1]
  vec3 blue = vec3(0.23, 0.30, 0.75), white = vec3(0.95, 0.95, 0.95), red = vec3(0.71, 0.02, 0.15);
  return t < 0.0 ? mix(white, blue, -t) : mix(white, red, t);
}

void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  float v = texelFetch(values, p, 0).r;
  if (diverging != 0) {
    float m = max(max(abs(low), abs(high)), 1e-12);
    colour = vec4(blue_white_red(clamp(v / m, -1.0, 1.0)), 1.0);
  } else {
    float t = high > low ? clamp((v - low) / (high - low), 0.0, 1.0) : 0.5;
    colour = vec4(clamp(viridis(t), 0.0, 1.0), 1.0);
  }
}
