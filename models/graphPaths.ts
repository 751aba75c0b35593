/**
 * Where `npm run models` writes the projection's two ONNX graphs and the probe's under public/, and
 * where the workers fetch them: runtime code reads these names without importing the Node-only
 * code that builds the graphs (models/build/knnGraph.ts, models/build/softmaxLossGraph.ts).
 */
export const KNN_GRAPH_PATH = 'models/generated/knn-topk.onnx';
export const MATMUL_GRAPH_PATH = 'models/generated/matmul.onnx';
export const SOFTMAX_LOSS_GRAPH_PATH = 'models/generated/softmax-loss.onnx';
