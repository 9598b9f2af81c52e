using static System.FormattableString;
using AdvancedMl.Numerics;

namespace AdvancedMl.Contrastive;

/// <summary>Seeded index selection for the few-label experiments of notebook 13: a stratified train/test split and k labeled examples per class.</summary>
public static class LabelSampling
{
    /// <summary>Splits row indices so each class puts round(testFraction · count) of its rows in the test set; both lists are sorted.</summary>
    public static (int[] Train, int[] Test) StratifiedSplit(int[] labels, double testFraction, int seed)
    {
        const string method = "LabelSampling.StratifiedSplit";
        CheckLabels(labels, method);
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentException(Invariant($"{method}: testFraction must lie strictly between 0 and 1; got {testFraction}."), nameof(testFraction));
        var rng = new Random(seed);
        var train = new List<int>();
        var test = new List<int>();
        foreach (var group in labels.Select((y, i) => (y, i)).GroupBy(p => p.y).OrderBy(g => g.Key))
        {
            var rows = Shuffled(group.Select(p => p.i).ToArray(), rng);
            int testCount = (int)Math.Round(testFraction * rows.Length);
            test.AddRange(rows.Take(testCount));
            train.AddRange(rows.Skip(testCount));
        }
        train.Sort(); test.Sort();
        return (train.ToArray(), test.ToArray());
    }

    /// <summary>Picks perClass positions of every class at random (positions into labels, sorted); every class must have that many rows.</summary>
    public static int[] PerClass(int[] labels, int perClass, int seed)
    {
        const string method = "LabelSampling.PerClass";
        CheckLabels(labels, method);
        Guard.AtLeast(perClass, 1, method, nameof(perClass));
        var rng = new Random(seed);
        var picked = new List<int>();
        foreach (var group in labels.Select((y, i) => (y, i)).GroupBy(p => p.y).OrderBy(g => g.Key))
        {
            var rows = group.Select(p => p.i).ToArray();
            if (rows.Length < perClass)
                throw new ArgumentException(Invariant($"{method}: class {group.Key} has {rows.Length} rows, fewer than perClass = {perClass}."), nameof(perClass));
            picked.AddRange(Shuffled(rows, rng).Take(perClass));
        }
        picked.Sort();
        return picked.ToArray();
    }

    private static int[] Shuffled(int[] rows, Random rng)
    {
        for (int i = rows.Length - 1; i > 0; i--)
        {
            int j = rng.Next(i + 1);
            (rows[i], rows[j]) = (rows[j], rows[i]);
        }
        return rows;
    }

    private static void CheckLabels(int[] labels, string method)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length == 0) throw new ArgumentException($"{method}: labels must not be empty.", nameof(labels));
    }
}
