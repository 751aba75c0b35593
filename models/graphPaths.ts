/**
 * Where `npm run models` writes the projection's two ONNX graphs under public/, and where the
 * projection worker fetches them: runtime code reads these names without importing the Node-only
 * code that builds the graphs (models/build/knnGraph.ts).
 */
export const KNN_GRAPH_PATH = 'models/generated/knn-topk.onnx';
export const MATMUL_GRAPH_PATH = 'models/generated/matmul.onnx';
