using static System.FormattableString;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace AdvancedMl.Display;

/// <summary>Covariance ellipses to overlay on scatter charts (named so as not to clash with XPlot.Plotly.Shapes or Contours).</summary>
public static class Ellipses
{
    /// <summary>
    /// Points on the n-sigma contour of a 2-D Gaussian, {p : (p-μ)ᵀΣ⁻¹(p-μ) = sigmas²}, from Σ = VΛVᵀ as
    /// p(t) = μ + sigmas·V·Λ^½·(cos t, sin t); the first and last points coincide so a line closes the curve.
    /// </summary>
    public static (double[] X, double[] Y) Contour(Vector<double> mean2, Matrix<double> cov2x2, double sigmas, int points = 100)
    {
        ArgumentNullException.ThrowIfNull(mean2);
        ArgumentNullException.ThrowIfNull(cov2x2);
        const string method = "Ellipses.Contour";
        if (mean2.Count != 2)
            throw new ArgumentException(Invariant($"{method}: mean2 must have 2 entries; got {mean2.Count}."), nameof(mean2));
        if (cov2x2.RowCount != 2 || cov2x2.ColumnCount != 2)
            throw new ArgumentException(Invariant($"{method}: cov2x2 must be 2×2; got {cov2x2.RowCount}×{cov2x2.ColumnCount}."), nameof(cov2x2));
        if (mean2.Any(v => !double.IsFinite(v)))
            throw new ArgumentException(Invariant($"{method}: mean2 must be finite; got ({mean2[0]}, {mean2[1]})."), nameof(mean2));
        if (cov2x2.Enumerate().Any(v => !double.IsFinite(v)))
            throw new ArgumentException(Invariant($"{method}: cov2x2 must be finite; got {cov2x2.ToMatrixString()}."), nameof(cov2x2));
        double scale = cov2x2.Enumerate().Max(Math.Abs);
        if (Math.Abs(cov2x2[0, 1] - cov2x2[1, 0]) > 1e-10 * scale)
            throw new ArgumentException(Invariant($"{method}: cov2x2 must be symmetric; got off-diagonal entries {cov2x2[0, 1]} and {cov2x2[1, 0]}."), nameof(cov2x2));
        if (!(sigmas > 0 && double.IsFinite(sigmas)))
            throw new ArgumentException(Invariant($"{method}: sigmas must be positive and finite; got {sigmas}."), nameof(sigmas));
        if (points < 3)
            throw new ArgumentException(Invariant($"{method}: points must be at least 3; got {points}."), nameof(points));

        var evd = cov2x2.Evd(Symmetricity.Symmetric);
        double l0 = evd.EigenValues[0].Real, l1 = evd.EigenValues[1].Real;
        // A relative threshold: a singular matrix's zero eigenvalue comes out of the solver as ±1e-16-ish noise.
        if (!(Math.Min(l0, l1) > 1e-12 * Math.Max(Math.Abs(l0), Math.Abs(l1))))
            throw new ArgumentException(Invariant($"{method}: cov2x2 must be positive definite; its eigenvalues are {l0} and {l1}."), nameof(cov2x2));
        var v = evd.EigenVectors;
        double a0 = sigmas * Math.Sqrt(l0), a1 = sigmas * Math.Sqrt(l1);
        var x = new double[points];
        var y = new double[points];
        for (int k = 0; k < points; k++)
        {
            double t = 2 * Math.PI * k / (points - 1);
            double c = a0 * Math.Cos(t), s = a1 * Math.Sin(t);
            x[k] = mean2[0] + v[0, 0] * c + v[0, 1] * s;
            y[k] = mean2[1] + v[1, 0] * c + v[1, 1] * s;
        }
        return (x, y);
    }
}
