"""Python side of tsreticulate: a ZeroMQ server that executes the operations a TypeScript client sends."""
