using AdvancedMl.Generative;

namespace AdvancedMl.Tests.Generative;

public class NoiseScheduleTests
{
    [Fact]
    public void LinearScheduleRunsFromDdpmsEndpointsRescaledToT()
    {
        var s = NoiseSchedule.Linear(100);
        Assert.Equal(1e-3, s.Beta(1), 15);    // 1e-4 · 1000/100
        Assert.Equal(0.2, s.Beta(100), 15);   // 0.02 · 1000/100
        Assert.Equal(s.Beta(1) + (s.Beta(100) - s.Beta(1)) * 49.0 / 99.0, s.Beta(50), 15);
        var ddpm = NoiseSchedule.Linear(1000);
        Assert.Equal(1e-4, ddpm.Beta(1), 15);
        Assert.Equal(0.02, ddpm.Beta(1000), 15);
        // Ho et al.'s T = 1000 schedule ends at ᾱ_T: /usr/bin/python3 -c "import numpy as np;
        // print(repr(np.cumprod(1 - np.linspace(1e-4, 0.02, 1000))[-1]))" (numpy 1.24.2, Debian bookworm).
        Assert.Equal(4.035829765375676e-05, ddpm.AlphaBar(1000), 14);
    }

    [Theory]
    [InlineData(ScheduleKind.Linear)]
    [InlineData(ScheduleKind.Cosine)]
    public void StepByStepNoisingHasTheClosedFormMeanAndVariance(ScheduleKind kind)
    {
        // x_t = √α_t x_{t−1} + √β_t ε_t: the coefficient of x_0 multiplies by √α_t and the noise variance v_t = α_t v_{t−1} + β_t.
        // The closed form says coefficient √ᾱ_t and variance 1 − ᾱ_t.
        var s = NoiseSchedule.Create(kind, 50);
        double coefficient = 1, variance = 0;
        for (int t = 1; t <= s.Steps; t++)
        {
            coefficient *= Math.Sqrt(s.Alpha(t));
            variance = s.Alpha(t) * variance + s.Beta(t);
            Assert.Equal(Math.Sqrt(s.AlphaBar(t)), coefficient, 12);
            Assert.Equal(1 - s.AlphaBar(t), variance, 12);
        }
        Assert.True(s.AlphaBar(s.Steps) < 1e-3, $"the chain should end close to pure noise; ᾱ_T = {s.AlphaBar(s.Steps)}");
    }

    [Fact]
    public void CosineScheduleFollowsItsDefiningFormulaAndIsCapped()
    {
        const int T = 40;
        var s = NoiseSchedule.Cosine(T);
        double F(int t) => Math.Pow(Math.Cos((t / (double)T + 0.008) / 1.008 * Math.PI / 2), 2);
        for (int t = 1; t < T; t++) Assert.Equal(F(t) / F(0), s.AlphaBar(t), 12);
        Assert.Equal(0.999, s.Beta(T), 15);   // f(T) = 0 would make β_T = 1; it is capped
        Assert.True(s.Betas.Zip(s.Betas.Skip(1)).All(p => p.Second >= p.First), "cosine β_t should increase");
    }

    [Fact]
    public void PosteriorVarianceIsTheBayesPosteriorOfTheReverseStep()
    {
        // q(x_{t−1} | x_t, x_0) ∝ N(x_t; √α_t x_{t−1}, β_t) N(x_{t−1}; √ᾱ_{t−1} x_0, 1 − ᾱ_{t−1}): the precisions add.
        var s = NoiseSchedule.Linear(30);
        Assert.Equal(0.0, s.PosteriorVariance(1), 15);
        for (int t = 2; t <= 30; t++)
        {
            double precision = s.Alpha(t) / s.Beta(t) + 1 / (1 - s.AlphaBar(t - 1));
            Assert.Equal(1 / precision, s.PosteriorVariance(t), 13);
        }
    }

    [Fact]
    public void DiffuseIsTheClosedForm()
    {
        var s = NoiseSchedule.Linear(20);
        var xt = s.Diffuse([1.0, -2.0], 7, [0.5, 0.25]);
        double a = Math.Sqrt(s.AlphaBar(7)), b = Math.Sqrt(1 - s.AlphaBar(7));
        Assert.Equal(a * 1.0 + b * 0.5, xt[0], 15);
        Assert.Equal(a * -2.0 + b * 0.25, xt[1], 15);
        Assert.Equal(new[] { 1.0, -2.0 }, s.Diffuse([1.0, -2.0], 0, [0.5, 0.25]));
    }

    [Fact]
    public void InvalidArgumentsNameTheParameterAndValue()
    {
        var e = Assert.Throws<ArgumentException>(() => NoiseSchedule.Linear(1));
        Assert.Contains("NoiseSchedule.Linear: steps must be at least 2; got 1.", e.Message);
        e = Assert.Throws<ArgumentException>(() => NoiseSchedule.Linear(10).Beta(0));
        Assert.Contains("NoiseSchedule.Beta: t must lie in [1, 10]; got 0.", e.Message);
        e = Assert.Throws<ArgumentException>(() => NoiseSchedule.Linear(10).AlphaBar(11));
        Assert.Contains("t must lie in [0, 10]; got 11", e.Message);
        e = Assert.Throws<ArgumentException>(() => NoiseSchedule.Linear(10, betaEnd: 1.5));
        Assert.Contains("betaEnd must lie in (0, 1); got 1.5", e.Message);
        Assert.Throws<ArgumentException>(() => NoiseSchedule.Linear(10).Diffuse([1.0], 3, [1.0, 2.0]));
    }
}
