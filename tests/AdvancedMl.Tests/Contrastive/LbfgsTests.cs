using AdvancedMl.Contrastive;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Contrastive;

public class LbfgsTests
{
    [Fact]
    public void FindsTheMinimumOfAConvexQuadratic()
    {
        // f(x) = ½ xᵀAx − bᵀx with A symmetric positive definite: the minimiser solves A x = b.
        double[,] a = { { 4, 1, 0 }, { 1, 3, -1 }, { 0, -1, 2 } };
        double[] b = { 1, -2, 3 };
        var start = new double[3];
        var (iterations, value) = Lbfgs.Minimize((x, g) =>
        {
            double f = 0;
            for (int i = 0; i < 3; i++)
            {
                g[i] = -b[i];
                for (int j = 0; j < 3; j++) g[i] += a[i, j] * x[j];
                f += 0.5 * x[i] * (g[i] - b[i]);   // ½xᵀAx − bᵀx = ½xᵀ(Ax − b) − ½bᵀx
            }
            return f;
        }, start, 1e-9, 200);
        var solution = Matrix<double>.Build.DenseOfArray(a).Solve(Vector<double>.Build.DenseOfArray(b));
        for (int i = 0; i < 3; i++) Assert.Equal(solution[i], start[i], 1e-8);   // the value pins x only to about √ε
        Assert.Equal(-0.5 * solution.DotProduct(Vector<double>.Build.DenseOfArray(b)), value, 1e-12);
        Assert.InRange(iterations, 1, 20);
    }

    [Fact]
    public void FollowsTheRosenbrockValleyToItsMinimum()
    {
        var x = new[] { -1.2, 1.0 };
        var (iterations, value) = Lbfgs.Minimize((p, g) =>
        {
            g[0] = -2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] * p[0]);
            g[1] = 200 * (p[1] - p[0] * p[0]);
            return (1 - p[0]) * (1 - p[0]) + 100 * (p[1] - p[0] * p[0]) * (p[1] - p[0] * p[0]);
        }, x, 1e-9, 1000);
        Assert.Equal(1.0, x[0], 1e-6);
        Assert.Equal(1.0, x[1], 1e-6);
        Assert.InRange(value, 0, 1e-12);
        Assert.InRange(iterations, 10, 200);
    }
}
