import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { decodeFile, DEFAULT_LIMITS } from '../src/images/lib/decode';
import { recipePixels } from '../src/models/lib/modelInput';
import { INPUT_RECIPES } from '../src/models/lib/inputRecipes';
import { applyPreprocessing, DEFAULT_PREPROCESSING } from '../src/preprocessing/lib/preprocessing';
import { fitsSample } from './support/data';
import { MODEL_URL, serveTestModel, snapshot, watchErrors } from './support/app';

const RECIPE = INPUT_RECIPES['hf-shortest-edge-bicubic'];

test('a pipeline with the study recipe: embedded, and its preview shows the recipe steps and exactly its Pillow-made input', async ({ page }) => {
  const errors = watchErrors(page);
  const fits = fitsSample();
  await serveTestModel(page);
  await page.goto('/');
  await page.getByTestId('file-input').setInputFiles(fits.map((f) => f.path));
  await expect(page.getByTestId('image-count')).toContainText(`${fits.length} loaded`);

  const model = await page.evaluate((url) => window.latentSky.addModel({ url, backend: 'wasm' }), MODEL_URL);
  const recipeId = await page.evaluate(([modelId, modelInput]) => window.latentSky.addPipeline({ modelId, modelInput }), [model.id, RECIPE] as const);
  await expect.poll(async () => (await snapshot(page)).projections.length, { timeout: 150_000, intervals: [1000] }).toBe(2);
  const snap = await snapshot(page);
  expect(snap.pipelines.map((p) => p.embedded)).toEqual([fits.length, fits.length]);
  expect(snap.pipelines.map((p) => p.modelInput)).toEqual([null, RECIPE]); // a URL model has no recipe of its own: plain resize
  // Same model and preprocessing, another resize: other embeddings.
  const [plain, study] = await page.evaluate(
    (ids) => ids.map((id) => window.latentSky.embeddings(id).map((e) => Array.from(e.vector))),
    [snap.pipelines[0].id, recipeId],
  );
  expect(plain[0]).not.toEqual(study[0]);

  // A bad recipe through the API is refused with a reason.
  const refused = await page.evaluate((modelId) => {
    try {
      window.latentSky.addPipeline({ modelId, modelInput: { resize: 'exact', resampling: 'lanczos' } as never });
      return 'accepted';
    } catch (e) {
      return (e as Error).message;
    }
  }, model.id);
  expect(refused).toMatch(/recipe.resampling must be/);

  await page.evaluate(([name, id]) => window.latentSky.preview(name, id), [fits[0].name, recipeId] as const);
  const steps = page.getByTestId('preview-steps');
  await expect(steps).toContainText('resize the shortest edge to 256 (bicubic, as Pillow)');
  await expect(steps).toContainText('centre crop 224×224');
  await expect(steps).not.toContainText("resize to the model's input (its input recipe)"); // spelled out by the recipe's steps instead
  const shown = await page.getByTestId('preview-model').evaluate(async (canvas: HTMLCanvasElement) => {
    for (let i = 0; i < 100 && canvas.width !== 224; i++) await new Promise((r) => setTimeout(r, 100));
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    return { width: canvas.width, rgba: Array.from(data) };
  });
  expect(shown.width).toBe(224);
  const decoded = await decodeFile(fits[0].path, new Uint8Array(readFileSync(fits[0].path)), DEFAULT_LIMITS, () =>
    Promise.reject(new Error('no rasters here')),
  );
  const expected = recipePixels(applyPreprocessing(decoded.raw, DEFAULT_PREPROCESSING), 224, RECIPE);
  const plane = 224 * 224;
  let maxDiff = 0;
  for (let i = 0; i < plane; i++) {
    for (let c = 0; c < 3; c++) maxDiff = Math.max(maxDiff, Math.abs(shown.rgba[4 * i + c] - expected.pixels[(expected.channels === 3 ? c : 0) * plane + i]));
  }
  expect(maxDiff).toBe(0);

  // The pipeline's choice is in the editor.
  await page.getByTestId('edit-pipeline').nth(1).click();
  await expect(page.getByTestId('model-input-recipe').first()).toHaveValue('hf-shortest-edge-bicubic');
  await expect(page.getByTestId('model-input-badge')).toHaveText('input: hf-shortest-edge-bicubic');
  await page.getByTestId('model-input-recipe').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('model-input.png') });
  // The zoo says how each model is fed.
  const dino = page.getByTestId('zoo-dinov2-base');
  await dino.getByText('About').click();
  await expect(dino.getByTestId('zoo-input-recipe')).toContainText('resize the shortest edge to 256 (bicubic, as Pillow); centre crop 224×224');
  await dino.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('zoo-recipe.png') });
  expect(errors).toEqual([]);
});
