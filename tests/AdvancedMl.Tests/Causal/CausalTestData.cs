using System.Globalization;
using AdvancedMl.Causal;
using AdvancedMl.Tests.Runner;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Tests.Causal;

/// <summary>The repository's causal data files (data/*.csv) read with a plain CSV split, independent of the library's loaders.</summary>
internal static class CausalTestData
{
    public static readonly string[] LalondeCovariates = ["age", "educ", "black", "hispan", "married", "nodegree", "re74", "re75"];

    /// <summary>Header → column of strings.</summary>
    public static Dictionary<string, string[]> Read(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(TestPaths.RepositoryRoot, "data", file)).Where(l => l.Length > 0).ToArray();
        var header = lines[0].Split(',');
        var cells = lines.Skip(1).Select(l => l.Split(',')).ToArray();
        return header.Select((h, j) => (h, j)).ToDictionary(p => p.h, p => cells.Select(c => c[p.j]).ToArray());
    }

    public static double[] Numbers(this Dictionary<string, string[]> table, string column) =>
        table[column].Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>data/lalonde.csv as CausalData (treat, re78, the eight covariates of the matching test).</summary>
    public static CausalData Lalonde(string file = "lalonde.csv")
    {
        var t = Read(file);
        var x = Matrix<double>.Build.DenseOfColumnArrays(LalondeCovariates.Select(c => t.Numbers(c)).ToArray());
        return CausalData.Create(x, t.Numbers("treat"), t.Numbers("re78"), LalondeCovariates);
    }
}
