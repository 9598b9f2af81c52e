using AdvancedMl.Display;

namespace AdvancedMl.Tests.Display;

public class NumbersTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(3.14159265, "3.142")]
    [InlineData(-2.0, "-2")]
    [InlineData(79.0, "79")]
    [InlineData(12345.678, "12346")]
    [InlineData(999999.4, "999999")]
    [InlineData(0.00123456, "0.001235")]
    [InlineData(0.5, "0.5")]
    [InlineData(1234567.0, "1.235e+06")]
    [InlineData(0.000012344, "1.234e-05")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "∞")]
    public void Doubles_show_about_four_significant_digits(double value, string expected) =>
        Assert.Equal(expected, Numbers.Format(value));

    [Fact]
    public void Floats_show_their_decimal_value_and_integers_stay_exact()
    {
        Assert.Equal("3.6", Numbers.Format(3.6f));
        Assert.Equal("0", Numbers.Format(-0.0));
        Assert.Equal("0", Numbers.Format(-1e-300 * 1e-300));
        Assert.Equal("123456789", Numbers.FormatObject(123456789));
        Assert.Equal("9007199254740993", Numbers.FormatObject(9007199254740993L));
        Assert.Equal("null", Numbers.FormatObject(null));
        Assert.Equal("true", Numbers.FormatObject(true));
    }
}
