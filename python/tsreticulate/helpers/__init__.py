"""Modules that serve the TypeScript helpers (kerasCallback, pyClass, iterableWrapper, toDevice, withPy), each
imported by name from the TS side when first used. The server itself does not depend on them."""
