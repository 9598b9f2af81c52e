using static System.FormattableString;
using AdvancedMl.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Contrastive;

/// <summary>Settings of <see cref="ImageAugmenter"/>: the random transformations that make two "views" of one small grey-scale image (notebook 13, section 1).</summary>
public sealed record AugmentationOptions
{
    /// <summary>Side of the square images in pixels (8 for the digits). Default 8.</summary>
    public int Side { get; init; } = 8;

    /// <summary>Largest rotation in degrees; each view draws an angle uniformly from [−this, this]. Default 20.</summary>
    public double MaxRotationDegrees { get; init; } = 20;

    /// <summary>Largest relative zoom; each view draws a scale uniformly from [1 − this, 1 + this]. Default 0.1.</summary>
    public double MaxScale { get; init; } = 0.1;

    /// <summary>Largest shift in whole pixels along each axis; each view draws an integer shift uniformly from [−this, this]. Default 1.</summary>
    public int MaxShift { get; init; } = 1;

    /// <summary>Probability that a view gets a cut-out (a square of pixels set to 0). Default 0.5.</summary>
    public double CutoutProbability { get; init; } = 0.5;

    /// <summary>Side of the cut-out square in pixels, centred on a uniformly drawn pixel and clipped at the border. Default 3.</summary>
    public int CutoutSize { get; init; } = 3;

    /// <summary>Standard deviation of the Gaussian pixel noise added last (pixels are on the 0–1 scale; each pixel draws from a fixed table of 32,768 N(0, 1) values). Default 0.2.</summary>
    public double NoiseStd { get; init; } = 0.2;

    /// <summary>Options that leave every image unchanged (no rotation, zoom, shift, cut-out or noise).</summary>
    public static AugmentationOptions None { get; } = new() { MaxRotationDegrees = 0, MaxScale = 0, MaxShift = 0, CutoutProbability = 0, NoiseStd = 0 };
}

/// <summary>
/// Random augmentations of small square images stored row-major (pixel (r, c) at index r·side + c), the source of positive
/// pairs in notebook 13: a random affine warp (rotation, zoom and integer shift about the image centre, resampled
/// bilinearly with zeros outside the image), then an optional square cut-out, then Gaussian noise.
/// </summary>
public sealed class ImageAugmenter
{
    private readonly AugmentationOptions _options;

    /// <summary>Creates an augmenter after checking the options.</summary>
    public ImageAugmenter(AugmentationOptions options)
    {
        const string method = "ImageAugmenter";
        ArgumentNullException.ThrowIfNull(options);
        Guard.AtLeast(options.Side, 1, method, "Side");
        Guard.NonNegative(options.MaxRotationDegrees, method, "MaxRotationDegrees");
        Guard.NonNegative(options.MaxScale, method, "MaxScale");
        if (options.MaxScale >= 1)
            throw new ArgumentException(Invariant($"{method}: MaxScale must be below 1; got {options.MaxScale}."), nameof(options));
        Guard.AtLeast(options.MaxShift, 0, method, "MaxShift");
        if (!(options.CutoutProbability >= 0 && options.CutoutProbability <= 1))
            throw new ArgumentException(Invariant($"{method}: CutoutProbability must lie in [0, 1]; got {options.CutoutProbability}."), nameof(options));
        Guard.AtLeast(options.CutoutSize, 1, method, "CutoutSize");
        Guard.NonNegative(options.NoiseStd, method, "NoiseStd");
        _options = options;
    }

    /// <summary>The options this augmenter applies.</summary>
    public AugmentationOptions Options => _options;

    /// <summary>Writes one random view of image (side² pixels) into destination, drawing every random choice from rng.</summary>
    public void Augment(ReadOnlySpan<double> image, Span<double> destination, Random rng)
    {
        int side = _options.Side, size = side * side;
        if (image.Length != size || destination.Length != size)
            throw new ArgumentException(Invariant($"ImageAugmenter.Augment: image and destination must hold {size} pixels; got {image.Length} and {destination.Length}."));
        ArgumentNullException.ThrowIfNull(rng);

        // Draw the warp: the output pixel p maps back to the source point c + R(−θ)(p − c − shift)/scale.
        double angle = (2 * rng.NextDouble() - 1) * _options.MaxRotationDegrees * Math.PI / 180;
        double scale = 1 + (2 * rng.NextDouble() - 1) * _options.MaxScale;
        int shiftX = rng.Next(-_options.MaxShift, _options.MaxShift + 1);
        int shiftY = rng.Next(-_options.MaxShift, _options.MaxShift + 1);
        double cos = Math.Cos(angle) / scale, sin = Math.Sin(angle) / scale, centre = (side - 1) / 2.0;
        for (int r = 0; r < side; r++)
            for (int c = 0; c < side; c++)
            {
                double u = c - centre - shiftX, v = r - centre - shiftY;
                destination[r * side + c] = Bilinear(image, side, cos * u + sin * v + centre, -sin * u + cos * v + centre);
            }

        if (rng.NextDouble() < _options.CutoutProbability)
        {
            int half = _options.CutoutSize / 2, cr = rng.Next(side), cc = rng.Next(side);
            int r0 = cr - half, c0 = cc - half;
            for (int r = Math.Max(0, r0); r < Math.Min(side, r0 + _options.CutoutSize); r++)
                for (int c = Math.Max(0, c0); c < Math.Min(side, c0 + _options.CutoutSize); c++)
                    destination[r * side + c] = 0;
        }

        if (_options.NoiseStd > 0)   // Gaussian noise: independent draws from a table of standard normal values, two per random integer
            for (int i = 0; i < size; i += 2)
            {
                int bits = rng.Next();
                destination[i] += _options.NoiseStd * NormalTable[bits & TableMask];
                if (i + 1 < size) destination[i + 1] += _options.NoiseStd * NormalTable[(bits >> 15) & TableMask];
            }
    }

    /// <summary>One random view of every row of images (n × side²), rows processed in order with one generator.</summary>
    public Matrix<double> Augment(Matrix<double> images, Random rng)
    {
        Guard.FiniteMatrix(images, "ImageAugmenter.Augment", nameof(images));
        int size = _options.Side * _options.Side;
        if (images.ColumnCount != size)
            throw new ArgumentException(Invariant($"ImageAugmenter.Augment: images must have {size} columns (side {_options.Side}); got {images.ColumnCount}."), nameof(images));
        var source = images.ToRowMajorArray();
        var result = new double[source.Length];
        AugmentRows(source, images.RowCount, result, rng);
        return Matrix<double>.Build.DenseOfRowMajor(images.RowCount, size, result);
    }

    /// <summary>Row-major batch version used by the trainers: destination row i is a view of source row i.</summary>
    internal void AugmentRows(ReadOnlySpan<double> source, int rows, Span<double> destination, Random rng)
    {
        int size = _options.Side * _options.Side;
        for (int i = 0; i < rows; i++)
            Augment(source.Slice(i * size, size), destination.Slice(i * size, size), rng);
    }

    /// <summary>Bilinear interpolation of the image at (x = column, y = row), treating pixels outside the image as 0.</summary>
    private static double Bilinear(ReadOnlySpan<double> image, int side, double x, double y)
    {
        int x0 = (int)Math.Floor(x), y0 = (int)Math.Floor(y);
        double fx = x - x0, fy = y - y0;
        return Pixel(image, side, y0, x0) * (1 - fx) * (1 - fy) + Pixel(image, side, y0, x0 + 1) * fx * (1 - fy)
             + Pixel(image, side, y0 + 1, x0) * (1 - fx) * fy + Pixel(image, side, y0 + 1, x0 + 1) * fx * fy;
    }

    /// <summary>
    /// 32,768 standard normal values (Box–Muller from a fixed seed), the noise source: a uniformly drawn entry is a draw from
    /// a distribution within sampling error of N(0, 1), and one random integer (31 bits) picks two entries, instead of two
    /// uniforms, a logarithm, a square root and a cosine per pixel (the noise was half the augmentation time).
    /// </summary>
    private static readonly double[] NormalTable = BuildNormalTable(TableMask + 1);

    private const int TableMask = (1 << 15) - 1;

    private static double[] BuildNormalTable(int length)
    {
        var rng = new Random(20_240_613);
        var table = new double[length];
        for (int i = 0; i < length; i += 2)
        {
            double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble()));
            var (sin, cos) = Math.SinCos(2 * Math.PI * rng.NextDouble());
            table[i] = radius * cos;
            table[i + 1] = radius * sin;
        }
        return table;
    }

    private static double Pixel(ReadOnlySpan<double> image, int side, int r, int c) =>
        r >= 0 && r < side && c >= 0 && c < side ? image[r * side + c] : 0.0;
}
