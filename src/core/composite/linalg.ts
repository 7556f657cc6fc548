/**
 * The two eigenproblems the weighting methods need, small and dense (a node rarely has more
 * than a dozen children): the Perron eigenvector of a positive matrix (AHP) and the full
 * eigen-decomposition of a symmetric matrix (PCA).
 */
export type Matrix = number[][];

/**
 * Principal (Perron) eigenvalue and eigenvector of a positive square matrix by power
 * iteration; the vector is scaled to sum 1. Converges because a positive matrix has a
 * simple dominant eigenvalue (Perron–Frobenius).
 */
export function perronEigen(a: Matrix, tolerance = 1e-13, maxIterations = 10_000): { value: number; vector: number[] } {
  const n = a.length;
  let v = new Array<number>(n).fill(1 / n);
  let lambda = n;
  for (let it = 0; it < maxIterations; it++) {
    const w = a.map((row) => row.reduce((acc, x, j) => acc + x * v[j]!, 0));
    const total = w.reduce((s, x) => s + x, 0);
    // With v summing to 1, the sum of A·v converges to λmax.
    lambda = total;
    const next = w.map((x) => x / total);
    const delta = Math.max(...next.map((x, i) => Math.abs(x - v[i]!)));
    v = next;
    if (delta < tolerance) break;
  }
  return { value: lambda, vector: v };
}

/**
 * Eigenvalues (descending) and unit eigenvectors (as columns: vectors[k] is the k-th vector) of
 * a symmetric matrix by cyclic Jacobi rotations.
 */
export function symmetricEigen(input: Matrix, tolerance = 1e-14, maxSweeps = 100): { values: number[]; vectors: number[][] } {
  const n = input.length;
  const a = input.map((row) => [...row]);
  const v: Matrix = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (off < tolerance) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j]![j]! - a[i]![i]!);
  return {
    values: order.map((i) => a[i]![i]!),
    vectors: order.map((i) => v.map((row) => row[i]!)),
  };
}
