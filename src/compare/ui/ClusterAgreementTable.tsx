import type { ClusterAgreementPair } from '../../clusters/lib/agreement';

const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : '–');

/**
 * Do two models find the same groups? The adjusted Rand index between every two pipelines'
 * density clusterings as a symmetric matrix, 1 on the diagonal.
 */
export function ClusterAgreementTable({ pipelines, pairs }: { pipelines: { id: string; title: string }[]; pairs: ClusterAgreementPair[] }) {
  const value = (a: string, b: string) => (a === b ? 1 : (pairs.find((p) => (p.a === a && p.b === b) || (p.a === b && p.b === a))?.ari ?? NaN));
  return (
    <table className="probe-table" data-testid="ari-table">
      <caption className="muted small">
        Adjusted Rand index of the density clusters (HDBSCAN on each layout; noise counts as one group): 1 = the same groups, 0 = no more alike than chance
      </caption>
      <thead>
        <tr>
          <th />
          {pipelines.map((p, j) => (
            <th key={p.id} title={p.title}>
              {j + 1}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {pipelines.map((a, i) => (
          <tr key={a.id}>
            <th>
              {i + 1}. {a.title}
            </th>
            {pipelines.map((b) => (
              <td key={b.id} data-a={a.id} data-b={b.id}>
                {fmt(value(a.id, b.id))}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
