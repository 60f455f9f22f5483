#version 330 core
// One triangle that covers the whole target; the fragment shaders read gl_FragCoord, so no
// vertex data or texture coordinates are needed.
void main() {
  vec2 corner = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  gl_Position = vec4(corner * 2.0 - 1.0, 0.0, 1.0);
}
