using AdvancedMl.Tests.Data;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Contrastive;

/// <summary>The digits data of data/digits.csv, pixels divided by 16, read once per test run.</summary>
internal static class Digits
{
    private static readonly Lazy<(Matrix<double> Images, int[] Labels)> All = new(() =>
    {
        var rows = File.ReadLines(RepositoryFiles.DataFile("digits.csv")).Skip(1)
            .Select(line => line.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
        var images = Matrix<double>.Build.Dense(rows.Length, 64, (i, j) => rows[i][j] / 16.0);
        return (images, rows.Select(r => (int)r[64]).ToArray());
    });

    public static Matrix<double> Images => All.Value.Images;

    public static int[] Labels => All.Value.Labels;

    /// <summary>Rows start … start + count − 1 of the images and their labels.</summary>
    public static (Matrix<double> Images, int[] Labels) Rows(int start, int count) =>
        (Images.SubMatrix(start, count, 0, 64), Labels.Skip(start).Take(count).ToArray());
}
