using static System.FormattableString;
using AdvancedMl.Autodiff;
using AdvancedMl.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AdvancedMl.Contrastive;

using Sequential = AdvancedMl.Autodiff.Sequential;   // inside the namespace: AdvancedMl.Sequential (the HMM namespace) would win otherwise

/// <summary>The result of self-supervised pre-training (SimCLR or BYOL/SimSiam, notebook 13): the encoder f whose output is the representation, the head the loss saw, and the loss per step.</summary>
public sealed class PretrainedEncoder
{
    internal PretrainedEncoder(Sequential encoder, Sequential head, double[] lossHistory)
    {
        Encoder = encoder; Head = head; _lossHistory = lossHistory;
    }

    private readonly double[] _lossHistory;

    /// <summary>The encoder f: pixels → representation h (the layers a linear probe reads). Treat it as read-only.</summary>
    public Sequential Encoder { get; }

    /// <summary>The projection head g: h → z, where the loss is computed (discarded after pre-training). Treat it as read-only.</summary>
    public Sequential Head { get; }

    /// <summary>Training loss after every optimiser step.</summary>
    public IReadOnlyList<double> LossHistory => _lossHistory;

    /// <summary>Representations h = f(x) of every row of images (n × pixels), computed without recording a graph.</summary>
    public Matrix<double> Transform(Matrix<double> images) => Evaluate(images, project: false, "PretrainedEncoder.Transform");

    /// <summary>Projections z = g(f(x)) of every row of images, the space in which the loss was computed.</summary>
    public Matrix<double> Project(Matrix<double> images) => Evaluate(images, project: true, "PretrainedEncoder.Project");

    private Matrix<double> Evaluate(Matrix<double> images, bool project, string method)
    {
        Guard.FiniteMatrix(images, method, nameof(images));
        int inputs = ((Linear)Encoder.Layers[0]).Weight.Dim(0);
        if (images.ColumnCount != inputs)
            throw new ArgumentException(Invariant($"{method}: images must have {inputs} columns; got {images.ColumnCount}."), nameof(images));
        using (Autograd.NoGrad())
        {
            var h = Encoder.Forward(Tensor.FromArray(images.ToRowMajorArray(), images.RowCount, images.ColumnCount));
            var output = project ? Head.Forward(h) : h;
            return Matrix<double>.Build.DenseOfRowMajor(output.Dim(0), output.Dim(1), output.ToArray());
        }
    }
}

/// <summary>Draws mini-batches of distinct images and two augmented views of each, the positive pairs of every trainer in notebook 13.</summary>
internal sealed class ViewSampler
{
    private readonly double[] _images;
    private readonly int _rows, _pixels;
    private readonly ImageAugmenter _augmenter;
    private readonly int[] _order;
    private readonly double[] _batch;

    public ViewSampler(Matrix<double> images, AugmentationOptions augmentation, int batchSize, string method)
    {
        Guard.FiniteMatrix(images, method, nameof(images));
        _augmenter = new ImageAugmenter(augmentation);
        if (images.ColumnCount != augmentation.Side * augmentation.Side)
            throw new ArgumentException(Invariant($"{method}: images must have Side² = {augmentation.Side * augmentation.Side} columns; got {images.ColumnCount}."), nameof(images));
        Guard.AtLeast(batchSize, 2, method, "BatchSize");
        if (batchSize > images.RowCount)
            throw new ArgumentException(Invariant($"{method}: BatchSize must be at most the number of images ({images.RowCount}); got {batchSize}."), nameof(images));
        _images = images.ToRowMajorArray();
        _rows = images.RowCount; _pixels = images.ColumnCount;
        _order = Enumerable.Range(0, _rows).ToArray();
        _batch = new double[batchSize * _pixels];
        BatchSize = batchSize;
    }

    public int BatchSize { get; }

    public int Pixels => _pixels;

    /// <summary>Picks BatchSize distinct images (a partial Fisher–Yates shuffle) and returns two independent views of them.</summary>
    public (Tensor First, Tensor Second) Next(Random rng)
    {
        Draw(rng);
        return (View(rng), View(rng));
    }

    /// <summary>
    /// The same draws as <see cref="Next"/> (same images, same views, same random numbers), stacked in one [2·BatchSize × pixels]
    /// tensor: rows i and BatchSize + i are the two views of image i, ready to pass through the networks as one batch.
    /// </summary>
    public Tensor NextStacked(Random rng)
    {
        Draw(rng);
        var views = new double[2 * _batch.Length];
        _augmenter.AugmentRows(_batch, BatchSize, views.AsSpan(0, _batch.Length), rng);
        _augmenter.AugmentRows(_batch, BatchSize, views.AsSpan(_batch.Length), rng);
        return Tensor.FromArray(views, 2 * BatchSize, _pixels);
    }

    private void Draw(Random rng)
    {
        for (int i = 0; i < BatchSize; i++)
        {
            int j = i + rng.Next(_rows - i);
            (_order[i], _order[j]) = (_order[j], _order[i]);
            Array.Copy(_images, _order[i] * _pixels, _batch, i * _pixels, _pixels);
        }
    }

    private Tensor View(Random rng)
    {
        var view = new double[_batch.Length];
        _augmenter.AugmentRows(_batch, BatchSize, view, rng);
        return Tensor.FromArray(view, BatchSize, _pixels);
    }
}
