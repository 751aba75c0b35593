import type { CropSpec } from '../lib/crop';
import { COLORMAPS, type ColormapName } from '../lib/colourMaps';
import type { IntervalSpec } from '../lib/interval';
import { PRESET_DEFAULTS, type Preset } from '../lib/presets';
import { RESIZE_CHOICES, type Preprocessing } from '../lib/preprocessing';
import { STRETCH_DEFAULTS, type StretchSpec } from '../lib/stretch';
import { NumberField } from '../../shared/ui/NumberField';

const INTERVAL_DEFAULTS: Record<IntervalSpec['kind'], IntervalSpec> = {
  minmax: { kind: 'minmax' },
  percentile: { kind: 'percentile', percent: 99.5 },
  asymmetric: { kind: 'asymmetric', lower: 50, upper: 99.99 },
  zscale: { kind: 'zscale' },
};
const CROP_DEFAULTS: Record<CropSpec['kind'], CropSpec> = {
  none: { kind: 'none' },
  fraction: { kind: 'fraction', fraction: 0.5 },
  pixels: { kind: 'pixels', size: 64 },
  auto: { kind: 'auto', threshold: 0.3, margin: 0.2 },
};

/** Edits one pipeline's preprocessing. Every change makes a new pipeline key, so embeddings follow by themselves. */
export function PreprocessingEditor({ value, onChange, fixedSize }: { value: Preprocessing; onChange: (p: Preprocessing) => void; fixedSize?: number }) {
  const set = (patch: Partial<Preprocessing>) => onChange({ ...value, ...patch });
  const { preset, scale, crop, colour } = value;
  return (
    <div className="prep-editor" data-testid="prep-editor">
      <label className="field">
        <span>FITS preset</span>
        <select value={preset.kind} onChange={(e) => set({ preset: PRESET_DEFAULTS[e.target.value as Preset['kind']] })} data-testid="prep-preset">
          <option value="none">None: interval + stretch below</option>
          <option value="radio-mirabest">Radio (MiraBest): 3σ clip, central crop, circular mask</option>
          <option value="optical-lupton">Optical colour (Lupton asinh RGB, 3-plane cubes)</option>
        </select>
      </label>
      {preset.kind === 'none' && (
        <div className="params">
          <label className="field inline">
            <span>Interval</span>
            <select
              value={scale.interval.kind}
              onChange={(e) => set({ scale: { ...scale, interval: INTERVAL_DEFAULTS[e.target.value as IntervalSpec['kind']] } })}
              data-testid="prep-interval"
            >
              <option value="minmax">min–max</option>
              <option value="percentile">percentile</option>
              <option value="asymmetric">asymmetric percentile</option>
              <option value="zscale">zscale (IRAF/DS9)</option>
            </select>
          </label>
          <label className="field inline">
            <span>Stretch</span>
            <select
              value={scale.stretch.kind}
              onChange={(e) => set({ scale: { ...scale, stretch: STRETCH_DEFAULTS[e.target.value as StretchSpec['kind']] } })}
              data-testid="prep-stretch"
            >
              {Object.keys(STRETCH_DEFAULTS).map((k) => (
                <option key={k} value={k}>
                  {k === 'histeq' ? 'hist. equalisation' : k}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {preset.kind === 'none' && (scale.interval.kind === 'percentile' || scale.interval.kind === 'asymmetric' || 'a' in scale.stretch) && (
        <div className="params">
          {scale.interval.kind === 'percentile' && (
            <NumberField
              label="Percent kept"
              value={scale.interval.percent}
              min={1}
              max={100}
              step={0.1}
              onChange={(percent) => set({ scale: { ...scale, interval: { kind: 'percentile', percent } } })}
            />
          )}
          {scale.interval.kind === 'asymmetric' && (
            <>
              <NumberField
                label="Lower %"
                value={scale.interval.lower}
                min={0}
                max={100}
                step={0.1}
                onChange={(lower) => set({ scale: { ...scale, interval: { ...(scale.interval as Extract<IntervalSpec, { kind: 'asymmetric' }>), lower } } })}
              />
              <NumberField
                label="Upper %"
                value={scale.interval.upper}
                min={0}
                max={100}
                step={0.1}
                onChange={(upper) => set({ scale: { ...scale, interval: { ...(scale.interval as Extract<IntervalSpec, { kind: 'asymmetric' }>), upper } } })}
              />
            </>
          )}
          {'a' in scale.stretch && (
            <NumberField
              label="a"
              value={scale.stretch.a}
              min={0.0001}
              max={10000}
              step={0.01}
              onChange={(a) => set({ scale: { ...scale, stretch: { ...scale.stretch, a } as StretchSpec } })}
              title="The stretch's parameter, as astropy defines it"
            />
          )}
        </div>
      )}
      <div className="params">
        <label className="field inline">
          <span>Crop</span>
          <select value={crop.kind} onChange={(e) => set({ crop: CROP_DEFAULTS[e.target.value as CropSpec['kind']] })} data-testid="prep-crop">
            <option value="none">none</option>
            <option value="fraction">central fraction</option>
            <option value="pixels">central pixels</option>
            <option value="auto">to the central source</option>
          </select>
        </label>
        {crop.kind === 'fraction' && (
          <NumberField
            label="Fraction"
            value={crop.fraction}
            min={0.05}
            max={1}
            step={0.05}
            onChange={(fraction) => set({ crop: { kind: 'fraction', fraction } })}
          />
        )}
        {crop.kind === 'pixels' && (
          <NumberField label="Pixels" value={crop.size} min={8} max={4096} step={1} onChange={(size) => set({ crop: { kind: 'pixels', size } })} />
        )}
        {crop.kind === 'auto' && (
          <>
            <NumberField
              label="Threshold"
              value={crop.threshold}
              min={0.01}
              max={1}
              step={0.05}
              onChange={(threshold) => set({ crop: { ...crop, threshold } })}
              title="Brightness (0–1 after scaling) that counts as emission"
            />
            <NumberField
              label="Margin"
              value={crop.margin}
              min={0}
              max={2}
              step={0.05}
              onChange={(margin) => set({ crop: { ...crop, margin } })}
              title="Added on each side, as a fraction of the source size"
            />
          </>
        )}
      </div>
      <div className="params">
        <label className="field inline">
          <span>Grey → RGB</span>
          <select
            value={colour.kind === 'colormap' ? colour.name : 'replicate'}
            onChange={(e) =>
              set({ colour: e.target.value === 'replicate' ? { kind: 'replicate' } : { kind: 'colormap', name: e.target.value as ColormapName } })
            }
            data-testid="prep-colour"
          >
            <option value="replicate">replicate channel</option>
            {Object.keys(COLORMAPS).map((k) => (
              <option key={k} value={k}>
                {k} colour map
              </option>
            ))}
          </select>
        </label>
        <label className="field inline">
          <span>Model input</span>
          <select
            value={value.resize ?? 'model'}
            disabled={fixedSize !== undefined}
            title={fixedSize ? `This model has a fixed ${fixedSize}×${fixedSize} input` : undefined}
            onChange={(e) => set({ resize: e.target.value === 'model' ? null : Number(e.target.value) })}
            data-testid="prep-resize"
          >
            <option value="model">{fixedSize ? `${fixedSize} px (fixed by the model)` : "model's default"}</option>
            {!fixedSize &&
              RESIZE_CHOICES.map((r) => (
                <option key={r} value={r}>
                  {r} px
                </option>
              ))}
          </select>
        </label>
      </div>
      <div className="params">
        <NumberField
          label="FITS HDU (−1 = first image, tile-compressed ones too)"
          value={value.hdu ?? -1}
          min={-1}
          max={999}
          step={1}
          onChange={(h) => set({ hdu: h < 0 ? null : h })}
        />
        <NumberField label="Cube plane" value={value.plane} min={0} max={100000} step={1} onChange={(plane) => set({ plane })} />
      </div>
    </div>
  );
}
