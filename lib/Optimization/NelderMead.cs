namespace AdvancedMl.Optimization;

/// <summary>Nelder–Mead simplex minimisation inside a box (points are clipped to it), for the GP hyperparameters and the acquisition polish.</summary>
internal static class NelderMead
{
    /// <summary>Minimises f from start (overwritten with the best point found) using at most maxEvaluations calls; returns the best value.</summary>
    public static double Minimize(Func<double[], double> f, double[] start, double[] lower, double[] upper, double step, int maxEvaluations, double tolerance = 1e-8)
    {
        int d = start.Length;
        var simplex = new double[d + 1][];
        var values = new double[d + 1];
        for (int i = 0; i <= d; i++)
        {
            simplex[i] = (double[])start.Clone();
            if (i > 0)
            {
                int j = i - 1;
                double width = step * (upper[j] - lower[j]);
                simplex[i][j] = start[j] + width <= upper[j] ? start[j] + width : start[j] - width;
            }
            Clip(simplex[i], lower, upper);
            values[i] = f(simplex[i]);
        }
        int evaluations = d + 1;
        var centroid = new double[d];
        var trial = new double[d];
        var trial2 = new double[d];
        while (evaluations < maxEvaluations)
        {
            Array.Sort(values, simplex);
            if (values[d] - values[0] <= tolerance * (Math.Abs(values[0]) + tolerance)) break;
            Array.Clear(centroid);
            for (int i = 0; i < d; i++)
                for (int j = 0; j < d; j++) centroid[j] += simplex[i][j] / d;
            Move(centroid, simplex[d], 1.0, trial, lower, upper); // reflection
            double fr = f(trial); evaluations++;
            if (fr < values[0])
            {
                Move(centroid, simplex[d], 2.0, trial2, lower, upper); // expansion
                double fe = f(trial2); evaluations++;
                if (fe < fr) Accept(simplex, values, d, trial2, fe); else Accept(simplex, values, d, trial, fr);
            }
            else if (fr < values[d - 1]) Accept(simplex, values, d, trial, fr);
            else
            {
                bool outside = fr < values[d];
                Move(centroid, simplex[d], outside ? 0.5 : -0.5, trial2, lower, upper); // contraction
                double fc = f(trial2); evaluations++;
                if (fc < Math.Min(fr, values[d])) Accept(simplex, values, d, trial2, fc);
                else
                {
                    for (int i = 1; i <= d; i++) // shrink towards the best vertex
                    {
                        for (int j = 0; j < d; j++) simplex[i][j] = 0.5 * (simplex[0][j] + simplex[i][j]);
                        values[i] = f(simplex[i]);
                    }
                    evaluations += d;
                }
            }
        }
        int best = 0;
        for (int i = 1; i <= d; i++) if (values[i] < values[best]) best = i;
        Array.Copy(simplex[best], start, d);
        return values[best];
    }

    private static void Move(double[] centroid, double[] worst, double coefficient, double[] result, double[] lower, double[] upper)
    {
        for (int j = 0; j < centroid.Length; j++) result[j] = centroid[j] + coefficient * (centroid[j] - worst[j]);
        Clip(result, lower, upper);
    }

    private static void Accept(double[][] simplex, double[] values, int d, double[] point, double value)
    {
        Array.Copy(point, simplex[d], point.Length);
        values[d] = value;
    }

    private static void Clip(double[] x, double[] lower, double[] upper)
    {
        for (int j = 0; j < x.Length; j++) x[j] = Math.Clamp(x[j], lower[j], upper[j]);
    }
}
