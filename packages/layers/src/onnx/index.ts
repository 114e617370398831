export {
  exportOnnx,
  ONNX_IR_VERSION,
  ONNX_OPSET,
  type OnnxExportOptions,
  type OnnxGraph,
  type OnnxInitializer,
  type OnnxNode,
  onnxGraph,
} from './export-onnx.js';
