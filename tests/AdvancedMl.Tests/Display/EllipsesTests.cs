using AdvancedMl.Display;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Display;

public class EllipsesTests
{
    [Theory]
    [InlineData(1.0, 2.0, 0.8, 1.0)]
    [InlineData(4.0, 1.0, -1.5, 2.0)]
    [InlineData(0.3, 0.3, 0.0, 3.0)]  // isotropic: repeated eigenvalue
    [InlineData(1e-4, 9.0, 0.0, 1.5)] // very elongated, axis-aligned
    public void Every_point_lies_on_the_requested_Mahalanobis_contour(double a, double d, double b, double sigmas)
    {
        var mean = Vector<double>.Build.Dense([3.5, -70.0]);
        var cov = Matrix<double>.Build.DenseOfArray(new[,] { { a, b }, { b, d } });
        var inverse = cov.Inverse();
        var (x, y) = Ellipses.Contour(mean, cov, sigmas, 64);
        Assert.Equal(64, x.Length);
        for (int k = 0; k < x.Length; k++)
        {
            var r = Vector<double>.Build.Dense([x[k] - mean[0], y[k] - mean[1]]);
            Assert.Equal(sigmas * sigmas, r * inverse * r, 1e-9);
        }
        Assert.Equal(x[0], x[^1], 12);
        Assert.Equal(y[0], y[^1], 12);
    }

    [Fact]
    public void The_contour_goes_all_the_way_round()
    {
        var (x, y) = Ellipses.Contour(Vector<double>.Build.Dense(2), Matrix<double>.Build.DenseIdentity(2), 2.0, 101);
        Assert.Equal(2.0, x.Max(), 9);
        Assert.Equal(-2.0, x.Min(), 9);
        Assert.Equal(2.0, y.Max(), 9);
        Assert.Equal(-2.0, y.Min(), 9);
    }

    [Fact]
    public void Invalid_inputs_are_rejected_with_clear_messages()
    {
        var mean = Vector<double>.Build.Dense(2);
        var ok = Matrix<double>.Build.DenseIdentity(2);
        string Message(Action act) => Assert.Throws<ArgumentException>(act).Message;
        Assert.Equal("Ellipses.Contour: cov2x2 must be 2×2; got 3×3. (Parameter 'cov2x2')",
            Message(() => Ellipses.Contour(mean, Matrix<double>.Build.DenseIdentity(3), 1)));
        Assert.Contains("mean2 must have 2 entries; got 3", Message(() => Ellipses.Contour(Vector<double>.Build.Dense(3), ok, 1)));
        Assert.Contains("positive definite", Message(() => Ellipses.Contour(mean, Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 }, { 2, 1 } }), 1)));
        Assert.Contains("positive definite", Message(() => Ellipses.Contour(mean, Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 1 }, { 1, 1 } }), 1)));
        Assert.Contains("symmetric", Message(() => Ellipses.Contour(mean, Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0.5 }, { 0, 1 } }), 1)));
        Assert.Contains("sigmas must be positive and finite; got 0", Message(() => Ellipses.Contour(mean, ok, 0)));
        Assert.Contains("points must be at least 3; got 2", Message(() => Ellipses.Contour(mean, ok, 1, 2)));
        Assert.Contains("cov2x2 must be finite", Message(() => Ellipses.Contour(mean, Matrix<double>.Build.DenseOfArray(new double[,] { { double.NaN, 0 }, { 0, 1 } }), 1)));
    }
}
