using static System.FormattableString;
using AdvancedMl.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Contrastive;

/// <summary>Principal component analysis by the SVD of the centred data, the 2-D projection notebook 13 uses to draw embeddings coloured by class.</summary>
/// <remarks>Signs follow scikit-learn's convention (svd_flip): in each component the loading of largest magnitude is positive, so results are deterministic.</remarks>
public sealed class Pca
{
    private Pca(Vector<double> mean, Matrix<double> components, double[] explainedVarianceRatio)
    {
        Mean = mean; Components = components; ExplainedVarianceRatio = explainedVarianceRatio;
    }

    /// <summary>Column means of the training data.</summary>
    public Vector<double> Mean { get; }

    /// <summary>The principal directions, one per row (components × d), unit length and orthogonal.</summary>
    public Matrix<double> Components { get; }

    /// <summary>Share of the total variance along each component.</summary>
    public double[] ExplainedVarianceRatio { get; }

    /// <summary>Fits the leading principal directions of data (n × d, n ≥ 2).</summary>
    public static Pca Fit(Matrix<double> data, int components = 2)
    {
        const string method = "Pca.Fit";
        Guard.FiniteMatrix(data, method, nameof(data));
        Guard.AtLeast(data.RowCount, 2, method, "data.RowCount");
        Guard.AtLeast(components, 1, method, nameof(components));
        if (components > Math.Min(data.RowCount, data.ColumnCount))
            throw new ArgumentException(Invariant($"{method}: components must be at most min(n, d) = {Math.Min(data.RowCount, data.ColumnCount)}; got {components}."), nameof(components));
        var mean = data.ColumnSums() / data.RowCount;
        var centred = data - Matrix<double>.Build.Dense(data.RowCount, data.ColumnCount, (i, j) => mean[j]);
        var svd = centred.Svd(computeVectors: true);
        var vt = svd.VT.SubMatrix(0, components, 0, data.ColumnCount);
        for (int c = 0; c < components; c++)
        {
            var row = vt.Row(c);
            int largest = row.AbsoluteMaximumIndex();
            if (row[largest] < 0) vt.SetRow(c, -row);
        }
        var variances = svd.S.Select(s => s * s).ToArray();
        double total = variances.Sum();
        var ratio = variances.Take(components).Select(v => total > 0 ? v / total : 0.0).ToArray();
        return new Pca(mean, vt, ratio);
    }

    /// <summary>Coordinates of every row of data along the components: (x − mean)·Componentsᵀ.</summary>
    public Matrix<double> Transform(Matrix<double> data)
    {
        const string method = "Pca.Transform";
        Guard.FiniteMatrix(data, method, nameof(data));
        if (data.ColumnCount != Mean.Count)
            throw new ArgumentException(Invariant($"{method}: data must have {Mean.Count} columns; got {data.ColumnCount}."), nameof(data));
        var centred = data - Matrix<double>.Build.Dense(data.RowCount, data.ColumnCount, (i, j) => Mean[j]);
        return centred * Components.Transpose();
    }
}
