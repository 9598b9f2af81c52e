using static System.FormattableString;

namespace AdvancedMl.Contrastive;

/// <summary>Label checks and accuracy shared by the classifiers of notebook 13.</summary>
internal static class Classes
{
    /// <summary>Checks that labels has one entry per row and lies in 0 … classes − 1; returns the class count (max label + 1 when classes is 0).</summary>
    public static int Count(int[] labels, int rows, int classes, string method)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != rows)
            throw new ArgumentException(Invariant($"{method}: labels must have one entry per row ({rows}); got {labels.Length}."), nameof(labels));
        int k = classes == 0 ? labels.Max() + 1 : classes;
        if (labels.Min() < 0 || k < 2 || labels.Max() >= k)
            throw new ArgumentException(Invariant($"{method}: labels must lie in 0 … classes − 1 with classes at least 2; got labels {labels.Min()} … {labels.Max()} and classes {k}."), nameof(labels));
        return k;
    }

    /// <summary>The fraction of positions where predicted equals labels.</summary>
    public static double Accuracy(int[] predicted, int[] labels, string method)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length != predicted.Length)
            throw new ArgumentException(Invariant($"{method}: labels must have one entry per row ({predicted.Length}); got {labels.Length}."), nameof(labels));
        return predicted.Zip(labels, (p, y) => p == y ? 1.0 : 0.0).Average();
    }
}
