using static System.FormattableString;
using AdvancedMl.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Contrastive;

/// <summary>Wang and Isola's (2020) alignment and uniformity of L2-normalised embeddings (notebook 13, section 9).</summary>
public static class EmbeddingMetrics
{
    /// <summary>Alignment E‖f(x) − f(x⁺)‖₂^α over positive pairs (row i of first with row i of second), after L2-normalising every row; lower is better, 0 means identical views.</summary>
    public static double Alignment(Matrix<double> first, Matrix<double> second, double alpha = 2)
    {
        const string method = "EmbeddingMetrics.Alignment";
        Guard.FiniteMatrix(first, method, nameof(first));
        Guard.FiniteMatrix(second, method, nameof(second));
        if (first.RowCount != second.RowCount || first.ColumnCount != second.ColumnCount)
            throw new ArgumentException(Invariant($"{method}: first and second must have the same shape; got {first.RowCount} x {first.ColumnCount} and {second.RowCount} x {second.ColumnCount}."), nameof(second));
        if (!(alpha > 0) || double.IsInfinity(alpha))
            throw new ArgumentException(Invariant($"{method}: alpha must be a finite number above 0; got {alpha}."), nameof(alpha));
        var a = NormalizeRows(first);
        var b = NormalizeRows(second);
        double total = 0;
        for (int i = 0; i < a.RowCount; i++) total += Math.Pow((a.Row(i) - b.Row(i)).L2Norm(), alpha);
        return total / a.RowCount;
    }

    /// <summary>Uniformity log E exp(−t‖f(x) − f(y)‖²) over all pairs of distinct rows, after L2-normalising every row; lower is more uniform (−4 ≈ the uniform limit on a high-dimensional sphere at t = 2), 0 means total collapse.</summary>
    public static double Uniformity(Matrix<double> embeddings, double t = 2)
    {
        const string method = "EmbeddingMetrics.Uniformity";
        Guard.FiniteMatrix(embeddings, method, nameof(embeddings));
        if (embeddings.RowCount < 2)
            throw new ArgumentException(Invariant($"{method}: embeddings must have at least 2 rows; got {embeddings.RowCount}."), nameof(embeddings));
        if (!(t > 0) || double.IsInfinity(t))
            throw new ArgumentException(Invariant($"{method}: t must be a finite number above 0; got {t}."), nameof(t));
        var z = NormalizeRows(embeddings);
        var gram = z * z.Transpose();
        int n = z.RowCount;
        var terms = new double[n * (n - 1) / 2];
        int p = 0;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                terms[p++] = -t * Math.Max(0.0, 2 - 2 * gram[i, j]);   // ‖u − v‖² = 2 − 2 u·v for unit vectors
        return LogSpace.LogSumExp(terms) - Math.Log(terms.Length);
    }

    /// <summary>Each row divided by its L2 norm (a zero row stays zero).</summary>
    public static Matrix<double> NormalizeRows(Matrix<double> embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        var result = embeddings.Clone();
        for (int i = 0; i < result.RowCount; i++)
        {
            double norm = result.Row(i).L2Norm();
            if (norm > 0) result.SetRow(i, result.Row(i) / norm);
        }
        return result;
    }
}
