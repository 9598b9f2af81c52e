using static System.FormattableString;
using AdvancedMl.Data;
using MathNet.Numerics.LinearAlgebra;
using Microsoft.Data.Analysis;

namespace AdvancedMl.Causal;

/// <summary>
/// A validated observational (or randomised) cross-section: covariates X (n × p, no intercept column), a binary
/// treatment T and an outcome Y — the (X, T, Y) of notebook 06's potential-outcomes setup.
/// </summary>
public sealed class CausalData
{
    private CausalData(Matrix<double> covariates, double[] treatment, double[] outcome, string[] names)
    {
        Covariates = covariates;
        Treatment = treatment;
        Outcome = outcome;
        CovariateNames = names;
        TreatedIndices = Enumerable.Range(0, treatment.Length).Where(i => treatment[i] == 1.0).ToArray();
        ControlIndices = Enumerable.Range(0, treatment.Length).Where(i => treatment[i] == 0.0).ToArray();
    }

    /// <summary>Covariates, one row per unit (copied on creation; treat as read-only).</summary>
    public Matrix<double> Covariates { get; }

    /// <summary>Treatment indicator, 0 or 1 per unit (treat as read-only).</summary>
    public double[] Treatment { get; }

    /// <summary>Observed outcome per unit (treat as read-only).</summary>
    public double[] Outcome { get; }

    /// <summary>One name per covariate column.</summary>
    public IReadOnlyList<string> CovariateNames { get; }

    /// <summary>Number of units n.</summary>
    public int Count => Outcome.Length;

    /// <summary>Number of treated units.</summary>
    public int TreatedCount => TreatedIndices.Length;

    /// <summary>Number of control units.</summary>
    public int ControlCount => ControlIndices.Length;

    /// <summary>Row indices of the treated units, ascending.</summary>
    public int[] TreatedIndices { get; }

    /// <summary>Row indices of the control units, ascending.</summary>
    public int[] ControlIndices { get; }

    /// <summary>Validates and copies (X, T, Y); names default to x1..xp.</summary>
    public static CausalData Create(Matrix<double> covariates, double[] treatment, double[] outcome, IReadOnlyList<string>? covariateNames = null)
    {
        const string method = "CausalData.Create";
        Checks.Finite(outcome, method, nameof(outcome));
        int n = outcome.Length;
        Checks.Finite(treatment, method, nameof(treatment), n);
        Checks.Binary(treatment, method, nameof(treatment));
        Checks.Matrix(covariates, method, nameof(covariates), n);
        var names = Checks.Names(covariateNames, covariates.ColumnCount, method, nameof(covariateNames), j => Invariant($"x{j + 1}"));
        int treated = treatment.Count(t => t == 1.0);
        if (treated == 0 || treated == n)
            throw new ArgumentException(Invariant($"{method}: treatment must contain both treated (1) and control (0) units; got {treated} treated of {n}."), nameof(treatment));
        return new CausalData(covariates.Clone(), (double[])treatment.Clone(), (double[])outcome.Clone(), names);
    }

    /// <summary>Reads the named numeric columns of a data frame (see <see cref="Frames.Column"/>) into validated data.</summary>
    public static CausalData FromFrame(DataFrame frame, string treatment, string outcome, params string[] covariates)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentNullException.ThrowIfNull(covariates);
        if (covariates.Length == 0)
            throw new ArgumentException("CausalData.FromFrame: covariates must name at least one column; got none.", nameof(covariates));
        return Create(Frames.ToMatrix(frame, covariates), Frames.Column(frame, treatment), Frames.Column(frame, outcome), covariates);
    }

    /// <summary>The rows at <paramref name="indices"/>, in that order (repeats allowed, as in a bootstrap resample).</summary>
    public CausalData Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        for (int k = 0; k < indices.Count; k++)
            if (indices[k] < 0 || indices[k] >= Count)
                throw new ArgumentException(Invariant($"CausalData.Subset: indices must lie in [0, {Count - 1}]; got {indices[k]} at position {k}."), nameof(indices));
        var x = Matrix<double>.Build.Dense(indices.Count, Covariates.ColumnCount, (i, j) => Covariates[indices[i], j]);
        var t = indices.Select(i => Treatment[i]).ToArray();
        var y = indices.Select(i => Outcome[i]).ToArray();
        int treated = t.Count(v => v == 1.0);
        if (treated == 0 || treated == t.Length)
            throw new ArgumentException(Invariant($"CausalData.Subset: the subset must contain both treated and control units; got {treated} treated of {t.Length}."), nameof(indices));
        return new CausalData(x, t, y, (string[])CovariateNames);
    }

    /// <summary>The same rows with only the named covariates, in the given order.</summary>
    public CausalData SelectCovariates(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Length == 0)
            throw new ArgumentException("CausalData.SelectCovariates: names must hold at least one covariate; got none.", nameof(names));
        var columns = names.Select(name =>
        {
            int j = Array.IndexOf((string[])CovariateNames, name);
            if (j < 0)
                throw new ArgumentException(Invariant($"CausalData.SelectCovariates: unknown covariate '{name}'; known: {string.Join(", ", CovariateNames)}."), nameof(names));
            return j;
        }).ToArray();
        Checks.Names(names, names.Length, "CausalData.SelectCovariates", nameof(names), _ => "");
        var x = Matrix<double>.Build.Dense(Count, columns.Length, (i, k) => Covariates[i, columns[k]]);
        return new CausalData(x, Treatment, Outcome, names.ToArray());
    }

    /// <summary>Column j of the covariates as an array.</summary>
    internal double[] Column(int j) => Covariates.Column(j).ToArray();
}
