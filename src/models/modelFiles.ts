import { addModel } from './models';
import { claimLinkedModelFile } from '../sharing/permalink';

/** A dropped .onnx file: the model a permalink was waiting for, or else a new model. */
export function openModelFile(file: File): void {
  if (!claimLinkedModelFile(file)) void addModel({ file }).catch(() => undefined); // a failure shows on the model's card
}
